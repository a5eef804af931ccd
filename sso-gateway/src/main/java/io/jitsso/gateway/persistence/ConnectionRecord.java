package io.jitsso.gateway.persistence;

import java.time.Instant;

/**
 * A stored connection.
 *
 * @param clientSecret AES-256-GCM ciphertext of the upstream client secret
 * @param version      increases with every change of settings, status or login key
 */
public record ConnectionRecord(
        String id,
        String tenantId,
        String protocol,
        Status status,
        ConnectionSettings settings,
        byte[] clientSecret,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    public enum Status {
        ACTIVE,
        DISCONNECTED
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }
}
