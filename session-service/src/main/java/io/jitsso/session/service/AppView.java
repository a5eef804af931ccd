package io.jitsso.session.service;

import io.jitsso.contracts.profile.RequiredRoles;
import io.jitsso.session.crypto.JwsAlgorithm;
import io.jitsso.session.persistence.AppEntity;
import java.time.Instant;
import java.util.List;

/**
 * An app registration as the services see it (never leaves the service with its secret hash).
 *
 * @param requiredRoles the roles a session's user needs for this app's tokens (SPEC A5, ADR-33)
 */
public record AppView(
        String tenantId, String clientId, String name, String secretHash, JwsAlgorithm signingAlgorithm,
        Instant createdAt, Instant secretRotatedAt, List<String> redirectUris, RequiredRoles requiredRoles) {

    static AppView of(AppEntity entity) {
        return new AppView(entity.tenantId, entity.clientId, entity.name, entity.secretHash,
                JwsAlgorithm.fromName(entity.signingAlg), entity.createdAt, entity.secretRotatedAt,
                List.copyOf(entity.redirectUris),
                new RequiredRoles(entity.requiredRoles, RequiredRoles.Mode.fromWire(entity.requiredRolesMode)));
    }
}
