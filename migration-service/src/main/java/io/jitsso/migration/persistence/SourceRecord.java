package io.jitsso.migration.persistence;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * A stored source. {@code secretCiphertext} is the AES-GCM sealed secret (never returned by the API).
 */
public record SourceRecord(String tenantId, String id, String type, String name, JsonObject settings,
        Map<String, String> attributeMapping, byte[] secretCiphertext, String status, Instant createdAt,
        Instant updatedAt, Instant retiredAt) {

    public static final String ACTIVE = "active";
    public static final String RETIRED = "retired";

    public boolean active() {
        return ACTIVE.equals(status);
    }

    @Override
    public String toString() {
        return "SourceRecord[" + tenantId + "/" + id + ", " + type + ", " + status + "]";
    }
}
