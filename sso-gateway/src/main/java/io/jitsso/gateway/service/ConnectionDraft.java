package io.jitsso.gateway.service;

import io.jitsso.gateway.persistence.ConnectionSettings;
import java.util.List;

/**
 * A connection as an admin sends it (create or full update), before validation: every field may be
 * missing or wrong, and {@link ConnectionValidator} says which. On update, a missing
 * {@code clientSecret} keeps the stored one. {@code protocol} is {@code oidc} (default) or {@code saml};
 * a SAML connection sets {@code saml} instead of the OIDC fields.
 *
 * @param requiredRolesMode {@code any} (default) or {@code all}
 */
public record ConnectionDraft(
        String name,
        String protocol,
        String issuer,
        String clientId,
        String clientSecret,
        List<String> scopes,
        String roleSource,
        String roleClaim,
        List<ConnectionSettings.RoleRuleSpec> roleMappings,
        String defaultRole,
        ConnectionSettings.AttributeMappingSpec attributeMappings,
        List<String> requiredRoles,
        String requiredRolesMode,
        Boolean jit,
        Boolean trustUpstreamMfa,
        String appClientId,
        String appRedirectUri,
        SamlDraft saml,
        ConnectionSettings.MfaSettings mfa) {

    /**
     * The SAML part of a {@code protocol: saml} connection: the IdP's metadata XML, or the URL it is
     * fetched from when the connection is saved, or its entity id, single sign-on URL
     * (HTTP-Redirect) and PEM signing certificates.
     */
    public record SamlDraft(
            String metadataXml,
            String metadataUrl,
            String entityId,
            String ssoUrl,
            List<String> certificates,
            String rolesAttribute,
            String nameIdFormat,
            Boolean signAuthnRequests,
            Boolean allowIdpInitiated,
            Integer clockSkewSeconds,
            String metadataSigningCertificate) {

        /** This draft with the metadata fetched from {@code metadataUrl}. */
        public SamlDraft withFetchedMetadata(String xml) {
            return new SamlDraft(xml, metadataUrl, entityId, ssoUrl, certificates, rolesAttribute, nameIdFormat,
                    signAuthnRequests, allowIdpInitiated, clockSkewSeconds, metadataSigningCertificate);
        }
    }

    public ConnectionDraft withSaml(SamlDraft replacement) {
        return new ConnectionDraft(name, protocol, issuer, clientId, clientSecret, scopes, roleSource, roleClaim,
                roleMappings, defaultRole, attributeMappings, requiredRoles, requiredRolesMode, jit, trustUpstreamMfa,
                appClientId, appRedirectUri, replacement, mfa);
    }

    /** Keeps client secrets out of logs and exception messages. */
    @Override
    public String toString() {
        return "ConnectionDraft[name=" + name + ", issuer=" + issuer + ", clientId=" + clientId + "]";
    }
}
