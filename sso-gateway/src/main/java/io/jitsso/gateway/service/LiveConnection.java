package io.jitsso.gateway.service;

import io.jitsso.gateway.mapping.AccessPolicy;
import io.jitsso.gateway.mapping.AttributeMappings;
import io.jitsso.gateway.mapping.ClaimPath;
import io.jitsso.gateway.mapping.RoleMapper;
import io.jitsso.gateway.persistence.ConnectionRecord;
import io.jitsso.gateway.persistence.ConnectionSettings;

/**
 * An active connection ready for sign-ins: its stored record, the decrypted upstream credential
 * (the OIDC client secret, or a SAML connection's SP private key as base64 PKCS#8) and its compiled
 * mappings and policy ({@code roleClaim} reads the OIDC role claim or the SAML roles attribute).
 */
public record LiveConnection(
        ConnectionRecord record,
        String clientSecret,
        RoleMapper roleMapper,
        AccessPolicy accessPolicy,
        AttributeMappings attributeMappings,
        ClaimPath roleClaim) {

    public String id() {
        return record.id();
    }

    public String tenantId() {
        return record.tenantId();
    }

    public ConnectionSettings settings() {
        return record.settings();
    }

    /** Keeps the client secret out of logs. */
    @Override
    public String toString() {
        return "LiveConnection[" + record.tenantId() + "/" + record.id() + " v" + record.version() + "]";
    }
}
