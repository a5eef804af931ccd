package io.jitsso.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jitsso.gateway.persistence.ConnectionRecord;
import io.jitsso.gateway.persistence.ConnectionSettings;
import io.jitsso.gateway.persistence.SamlSettings;
import io.jitsso.gateway.service.SamlEndpoints;
import java.time.Instant;
import java.util.List;

/**
 * A connection as the admin API shows it: never the client secret (or SAML SP private key), only
 * whether one is set. The
 * login URL appears once, in the answer to create and reconnect (only its hash is stored).
 *
 * @param upstreamRedirectUri the redirect URI to register at the upstream IdP for this connection
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionView(
        String id,
        String tenantId,
        String name,
        String protocol,
        String status,
        String issuer,
        String clientId,
        Boolean clientSecretSet,
        List<String> scopes,
        String roleSource,
        String roleClaim,
        List<ConnectionSettings.RoleRuleSpec> roleMappings,
        String defaultRole,
        ConnectionSettings.AttributeMappingSpec attributeMappings,
        List<String> requiredRoles,
        String requiredRolesMode,
        boolean jit,
        boolean trustUpstreamMfa,
        ConnectionSettings.MfaSettings mfa,
        String appClientId,
        String appRedirectUri,
        String upstreamRedirectUri,
        SamlView saml,
        String loginUrl,
        Integer revokedSessions,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * The SAML side of a connection: the IdP as configured and the SP as the IdP's admin registers it
     * (entity id, ACS URL, metadata URL, signing/encryption certificate). Never the SP private key.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SamlView(
            String metadataUrl,
            String entityId,
            String ssoUrl,
            List<String> certificates,
            String rolesAttribute,
            String nameIdFormat,
            boolean signAuthnRequests,
            boolean allowIdpInitiated,
            int clockSkewSeconds,
            String metadataSigningCertificate,
            String spEntityId,
            String acsUrl,
            String spMetadataUrl,
            String spCertificate) {
    }

    static ConnectionView of(ConnectionRecord record, String upstreamRedirectUri, SamlEndpoints endpoints, String loginUrl,
            Integer revokedSessions) {
        ConnectionSettings s = record.settings();
        SamlSettings saml = s.saml();
        SamlView samlView = saml == null ? null : new SamlView(saml.metadataUrl(), saml.idpEntityId(), saml.ssoUrl(),
                saml.idpCertificates(), saml.rolesAttribute(), saml.nameIdFormat(), saml.signAuthnRequests(), saml.allowIdpInitiated(),
                (int) saml.clockSkew().toSeconds(), saml.metadataSigningCertificate(), endpoints.entityId(), endpoints.acsUrl(), endpoints.metadataUrl(), saml.spCertificate());
        return new ConnectionView(record.id(), record.tenantId(), s.name(), record.protocol(), record.status().name(),
                s.issuer(), s.clientId(), saml != null ? null : record.clientSecret() != null && record.clientSecret().length > 0,
                saml != null ? null : s.scopes(), s.roleSource(), s.roleClaim(), s.roleMappings(), s.defaultRole(),
                s.attributeMappings(), s.requiredRoles(), s.requiredRolesMode(), s.jit(), s.trustUpstreamMfa(), s.mfa(),
                s.appClientId(), s.appRedirectUri(), saml != null ? null : upstreamRedirectUri, samlView, loginUrl,
                revokedSessions, record.createdAt(), record.updatedAt());
    }
}
