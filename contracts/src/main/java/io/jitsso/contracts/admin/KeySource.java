package io.jitsso.contracts.admin;

import io.smallrye.mutiny.Uni;

/** Where a tenant's published signing keys come from (session-service's per-tenant JWKS). */
public interface KeySource {

    /**
     * The tenant's JWKS document ({@code {"keys":[...]}}); {@code {"keys":[]}} for an unknown
     * tenant. A failure means the keys could not be read at all (issuer unreachable).
     */
    Uni<String> jwks(String tenantId);
}
