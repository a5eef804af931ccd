package io.jitsso.gateway.persistence;

import java.util.List;
import java.util.Map;

/**
 * A connection's validated settings as stored (the client secret travels separately, encrypted).
 * OIDC connections fill the OIDC fields ({@code issuer}, {@code clientId}, {@code scopes},
 * {@code roleSource}, {@code roleClaim}) and leave {@code saml} null; SAML connections the reverse.
 * Role mappings and attribute mappings are kept as their admin-facing text: the service compiles
 * them into mapping objects when a sign-in needs them.
 */
public record ConnectionSettings(
        String name,
        String issuer,
        String clientId,
        List<String> scopes,
        String roleSource,
        String roleClaim,
        List<RoleRuleSpec> roleMappings,
        String defaultRole,
        AttributeMappingSpec attributeMappings,
        List<String> requiredRoles,
        String requiredRolesMode,
        boolean jit,
        boolean trustUpstreamMfa,
        String appClientId,
        String appRedirectUri,
        SamlSettings saml,
        MfaSettings mfa) {

    public ConnectionSettings {
        mfa = mfa == null ? MfaSettings.NONE : mfa;
    }

    public static final String ROLE_SOURCE_ID_TOKEN = "id_token";
    public static final String ROLE_SOURCE_ACCESS_TOKEN = "access_token";
    public static final String ROLE_SOURCE_USERINFO = "userinfo";
    public boolean isSaml() {
        return saml != null;
    }

    public ConnectionSettings withSaml(SamlSettings replacement) {
        return new ConnectionSettings(name, issuer, clientId, scopes, roleSource, roleClaim, roleMappings, defaultRole,
                attributeMappings, requiredRoles, requiredRolesMode, jit, trustUpstreamMfa, appClientId, appRedirectUri,
                replacement, mfa);
    }

    public static final List<String> ROLE_SOURCES = List.of(ROLE_SOURCE_ID_TOKEN, ROLE_SOURCE_ACCESS_TOKEN, ROLE_SOURCE_USERINFO);

    /**
     * SPEC A7: {@code required} makes every sign-in through the connection need MFA, met by a trusted
     * upstream {@code amr} ({@code trust_upstream_mfa}) or skipped by {@code skipLocalForFederated}.
     */
    public record MfaSettings(boolean required, boolean skipLocalForFederated) {
        public static final MfaSettings NONE = new MfaSettings(false, false);
    }

    /** One role-mapping rule: {@code match} is {@code exact} or {@code pattern}. */
    public record RoleRuleSpec(String match, String value, List<String> roles) {
    }

    /** Claim paths of the profile attributes; null means the OIDC standard claim. */
    public record AttributeMappingSpec(
            String email,
            String emailVerified,
            String givenName,
            String familyName,
            String displayName,
            Map<String, String> custom) {
    }
}
