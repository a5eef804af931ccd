package io.jitsso.session.service;

import io.jitsso.session.crypto.JwsAlgorithm;
import io.jitsso.session.persistence.AppEntity;
import java.time.Instant;

/** An app registration as the services see it (never leaves the service with its secret hash). */
public record AppView(
        String tenantId, String clientId, String name, String secretHash, JwsAlgorithm signingAlgorithm,
        Instant createdAt, Instant secretRotatedAt, java.util.List<String> redirectUris) {

    static AppView of(AppEntity entity) {
        return new AppView(entity.tenantId, entity.clientId, entity.name, entity.secretHash,
                JwsAlgorithm.fromName(entity.signingAlg), entity.createdAt, entity.secretRotatedAt,
                java.util.List.copyOf(entity.redirectUris));
    }
}
