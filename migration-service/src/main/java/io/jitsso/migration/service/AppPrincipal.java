package io.jitsso.migration.service;

/** An app of a tenant, authenticated by its client access token; {@code authorization} is the header to pass on. */
public record AppPrincipal(String tenantId, String clientId, String authorization, long expiresAtEpochSecond) {

    @Override
    public String toString() {
        return "AppPrincipal[" + tenantId + "/" + clientId + "]";
    }
}
