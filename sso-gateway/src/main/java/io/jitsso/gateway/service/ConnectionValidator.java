package io.jitsso.gateway.service;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.profile.RequiredRoles;
import io.jitsso.gateway.mapping.AccessPolicy;
import io.jitsso.gateway.mapping.AttributeMappings;
import io.jitsso.gateway.mapping.ClaimPath;
import io.jitsso.gateway.mapping.PlatformRoles;
import io.jitsso.gateway.mapping.RoleMapper;
import io.jitsso.gateway.mapping.RoleRule;
import io.jitsso.gateway.persistence.ConnectionSettings;
import io.jitsso.gateway.persistence.SamlSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@link ConnectionDraft} field by field and reports every problem at once. Also the one
 * place that turns stored settings into the mapping objects a sign-in runs.
 */
public final class ConnectionValidator {

    public static final String OIDC = "oidc";
    public static final String SAML = "saml";
    public static final List<String> DEFAULT_SCOPES = List.of("profile", "email");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    /** RFC 6749 scope-token characters. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_SCOPES = 20;

    private ConnectionValidator() {
    }

    /** The draft's settings and its client secret (null when an update keeps the stored one). */
    public record Validated(ConnectionSettings settings, String clientSecret) {
    }

    public static Validated validate(ConnectionDraft draft, boolean creating) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        if (draft == null) {
            throw new ApiException.BadRequest("a connection object is required");
        }
        String name = trimmed(draft.name());
        if (name == null || name.length() > 200) {
            errors.add(new ApiException.FieldError("name", "1 to 200 characters"));
        }
        if (draft.protocol() != null && !OIDC.equals(draft.protocol()) && !SAML.equals(draft.protocol())) {
            errors.add(new ApiException.FieldError("protocol", "oidc or saml"));
        }
        if (SAML.equals(draft.protocol())) {
            return validateSaml(draft, name, errors);
        }
        if (draft.saml() != null) {
            errors.add(new ApiException.FieldError("saml", "only for protocol saml"));
        }
        String issuerProblem = issuerProblem(draft.issuer());
        if (issuerProblem != null) {
            errors.add(new ApiException.FieldError("issuer", issuerProblem));
        }
        if (draft.clientId() == null || draft.clientId().isBlank() || draft.clientId().length() > 255
                || !visible(draft.clientId())) {
            errors.add(new ApiException.FieldError("client_id", "1 to 255 visible characters"));
        }
        if (draft.clientSecret() == null ? creating
                : draft.clientSecret().isEmpty() || draft.clientSecret().length() > 1024) {
            errors.add(new ApiException.FieldError("client_secret", "1 to 1024 characters"
                    + (creating ? " (required)" : "; omit it to keep the stored secret")));
        }
        List<String> scopes = scopes(draft.scopes(), errors);
        String roleSource = draft.roleSource() == null ? ConnectionSettings.ROLE_SOURCE_ID_TOKEN : draft.roleSource();
        if (!ConnectionSettings.ROLE_SOURCES.contains(roleSource)) {
            errors.add(new ApiException.FieldError("role_source", "one of " + ConnectionSettings.ROLE_SOURCES));
        }
        String roleClaim = trimmed(draft.roleClaim());
        if (roleClaim != null) {
            claimPath("role_claim", roleClaim, errors);
        }
        List<ConnectionSettings.RoleRuleSpec> rules = roleRules(draft, roleClaim != null, "role_claim", errors);
        ConnectionSettings.AttributeMappingSpec attributes = attributes(draft.attributeMappings(), errors);
        Common common = common(draft, errors);
        failOn(errors);
        ConnectionSettings settings = new ConnectionSettings(name, draft.issuer(), draft.clientId(), scopes, roleSource,
                roleClaim, List.copyOf(rules), draft.defaultRole(), attributes, common.required(), common.mode(),
                draft.jit() == null || draft.jit(), Boolean.TRUE.equals(draft.trustUpstreamMfa()), draft.appClientId(),
                draft.appRedirectUri(), null, draft.mfa());
        return new Validated(settings, draft.clientSecret());
    }

    /** A SAML connection: the OIDC fields must be absent; attribute mappings name SAML attributes. */
    private static Validated validateSaml(ConnectionDraft draft, String name, List<ApiException.FieldError> errors) {
        if (draft.issuer() != null || draft.clientId() != null || draft.clientSecret() != null || draft.scopes() != null
                || draft.roleSource() != null || draft.roleClaim() != null) {
            errors.add(new ApiException.FieldError("protocol", "a SAML connection takes its IdP settings in saml;"
                    + " issuer, client_id, client_secret, scopes, role_source and role_claim are for OIDC"));
        }
        SamlSettings saml = SamlSettingsValidator.validate(draft.saml(), errors);
        List<ConnectionSettings.RoleRuleSpec> rules = roleRules(draft, saml != null && saml.rolesAttribute() != null,
                "saml.roles_attribute", errors);
        ConnectionSettings.AttributeMappingSpec attributes = samlAttributes(draft.attributeMappings(), errors);
        Common common = common(draft, errors);
        failOn(errors);
        ConnectionSettings settings = new ConnectionSettings(name, null, null, List.of(), null, null, List.copyOf(rules),
                draft.defaultRole(), attributes, common.required(), common.mode(), draft.jit() == null || draft.jit(),
                Boolean.TRUE.equals(draft.trustUpstreamMfa()), draft.appClientId(), draft.appRedirectUri(), saml, draft.mfa());
        return new Validated(settings, null);
    }

    private record Common(List<String> required, String mode) {
    }

    private static List<ConnectionSettings.RoleRuleSpec> roleRules(ConnectionDraft draft, boolean roleSourceSet,
            String roleSourceField, List<ApiException.FieldError> errors) {
        List<ConnectionSettings.RoleRuleSpec> rules = draft.roleMappings() == null ? List.of() : draft.roleMappings();
        if (rules.size() > RoleMapper.MAX_RULES) {
            errors.add(new ApiException.FieldError("role_mappings", "at most " + RoleMapper.MAX_RULES + " rules"));
        }
        for (int i = 0; i < rules.size() && i < RoleMapper.MAX_RULES; i++) {
            try {
                ConnectionSettings.RoleRuleSpec rule = rules.get(i);
                if (rule == null) {
                    throw new IllegalArgumentException("must be an object");
                }
                RoleRule.of(match(rule.match()), rule.value(), rule.roles());
            } catch (IllegalArgumentException e) {
                errors.add(new ApiException.FieldError("role_mappings[" + i + "]", e.getMessage()));
            }
        }
        if (!rules.isEmpty() && !roleSourceSet) {
            errors.add(new ApiException.FieldError(roleSourceField, "required when role_mappings are given"));
        }
        return rules;
    }

    /** Default role, access policy and the login URL's app: the same for every protocol. */
    private static Common common(ConnectionDraft draft, List<ApiException.FieldError> errors) {
        if (draft.defaultRole() != null && !PlatformRoles.isValid(draft.defaultRole())) {
            errors.add(new ApiException.FieldError("default_role", "not a platform role name"));
        }
        List<String> required = draft.requiredRoles() == null ? List.of() : List.copyOf(new LinkedHashSet<>(draft.requiredRoles()));
        String mode = draft.requiredRolesMode() == null ? "any" : draft.requiredRolesMode();
        try {
            new AccessPolicy(required, mode(mode));
        } catch (IllegalArgumentException | NullPointerException e) {
            errors.add(new ApiException.FieldError("required_roles", e.getMessage() == null ? "invalid" : e.getMessage()));
        }
        if (!"any".equals(mode) && !"all".equals(mode)) {
            errors.add(new ApiException.FieldError("required_roles_mode", "any or all"));
        }
        if (draft.appClientId() == null || !CLIENT_ID.matcher(draft.appClientId()).matches()) {
            errors.add(new ApiException.FieldError("app_client_id", "the client id of the app the login URL signs into"));
        }
        if (draft.appRedirectUri() == null || draft.appRedirectUri().isEmpty() || draft.appRedirectUri().length() > 2000) {
            errors.add(new ApiException.FieldError("app_redirect_uri", "one of the app's registered redirect URIs"));
        }
        return new Common(required, mode);
    }

    private static void failOn(List<ApiException.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ApiException.BadRequest("the connection is invalid: " + errors.get(0).field() + ": "
                    + errors.get(0).message(), errors);
        }
    }

    /** The role mapper of stored settings (validated when they were saved). */
    public static RoleMapper roleMapper(ConnectionSettings settings) {
        List<RoleRule> rules = new ArrayList<>();
        for (ConnectionSettings.RoleRuleSpec spec : settings.roleMappings()) {
            rules.add(RoleRule.of(match(spec.match()), spec.value(), spec.roles()));
        }
        return new RoleMapper(rules, settings.defaultRole());
    }

    public static AccessPolicy accessPolicy(ConnectionSettings settings) {
        return new AccessPolicy(settings.requiredRoles(), mode(settings.requiredRolesMode()));
    }

    public static AttributeMappings attributeMappings(ConnectionSettings settings) {
        if (settings.isSaml()) {
            return samlAttributeMappings(settings.attributeMappings());
        }
        ConnectionSettings.AttributeMappingSpec spec = settings.attributeMappings();
        AttributeMappings standard = AttributeMappings.standard();
        Map<String, ClaimPath> custom = new LinkedHashMap<>();
        if (spec.custom() != null) {
            spec.custom().forEach((attribute, path) -> custom.put(attribute, ClaimPath.parse(path)));
        }
        return new AttributeMappings(
                spec.email() == null ? standard.email() : ClaimPath.parse(spec.email()),
                spec.emailVerified() == null ? standard.emailVerified() : ClaimPath.parse(spec.emailVerified()),
                spec.givenName() == null ? standard.givenName() : ClaimPath.parse(spec.givenName()),
                spec.familyName() == null ? standard.familyName() : ClaimPath.parse(spec.familyName()),
                spec.displayName() == null ? standard.displayName() : ClaimPath.parse(spec.displayName()),
                custom);
    }

    /**
     * Where a SAML connection's profile comes from: attribute names (matched against each attribute's
     * Name, then its FriendlyName). Unmapped attributes use the common friendly names; SAML has no
     * standard way to vouch for an email, so {@code email_verified} is false unless mapped.
     */
    static AttributeMappings samlAttributeMappings(ConnectionSettings.AttributeMappingSpec spec) {
        Map<String, ClaimPath> custom = new LinkedHashMap<>();
        if (spec.custom() != null) {
            spec.custom().forEach((attribute, name) -> custom.put(attribute, samlAttribute(name)));
        }
        return new AttributeMappings(
                samlAttribute(spec.email() == null ? "email" : spec.email()),
                spec.emailVerified() == null ? null : samlAttribute(spec.emailVerified()),
                samlAttribute(spec.givenName() == null ? "givenName" : spec.givenName()),
                samlAttribute(spec.familyName() == null ? "surname" : spec.familyName()),
                samlAttribute(spec.displayName() == null ? "displayName" : spec.displayName()),
                custom);
    }

    /** The claim path that reads one SAML attribute from the document the SAML reader builds. */
    public static ClaimPath samlAttribute(String name) {
        return ClaimPath.parse("\"" + name + "\"");
    }

    /** Why this issuer cannot be used, or null: https, or http on the loopback host for local IdPs. */
    static String issuerProblem(String value) {
        return urlProblem(value, false);
    }

    /** Why this URL cannot be used for an upstream IdP, or null: https, or http on the loopback host. */
    static String urlProblem(String value, boolean allowQuery) {
        if (value == null || value.isBlank() || value.length() > 500) {
            return "1 to 500 characters";
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return "not a valid URL";
        }
        if (!uri.isAbsolute() || uri.getHost() == null) {
            return "must be an absolute URL with a host";
        }
        if ((uri.getRawQuery() != null && !allowQuery) || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            return allowQuery ? "must not contain a fragment or user info" : "must not contain a query, fragment or user info";
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!"https".equals(scheme) && !("http".equals(scheme) && LOOPBACK.contains(host))) {
            return "must use https (http only for localhost)";
        }
        return null;
    }

    private static List<String> scopes(List<String> requested, List<ApiException.FieldError> errors) {
        if (requested == null) {
            return DEFAULT_SCOPES;
        }
        if (requested.size() > MAX_SCOPES) {
            errors.add(new ApiException.FieldError("scopes", "at most " + MAX_SCOPES + " scopes"));
            return List.of();
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String scope : requested) {
            if (scope == null || !SCOPE.matcher(scope).matches()) {
                errors.add(new ApiException.FieldError("scopes", "each scope is 1 to 100 visible characters without quotes"
                        + " or backslashes"));
                return List.of();
            }
            // quarkus-oidc always asks for openid
            if (!"openid".equals(scope)) {
                scopes.add(scope);
            }
        }
        return List.copyOf(scopes);
    }

    /** How a protocol reads one attribute mapping value: its claim path, or null after recording why not. */
    private interface AttributeSource {
        ClaimPath check(String field, String value, List<ApiException.FieldError> errors);
    }

    private static final AttributeSource OIDC_CLAIMS = (field, path, errors) ->
            claimPath(field, path, errors) ? ClaimPath.parse(path) : null;

    private static final AttributeSource SAML_ATTRIBUTES = (field, name, errors) ->
            SamlSettingsValidator.attributeName(field, name, errors) == null ? null : samlAttribute(name);

    private static ConnectionSettings.AttributeMappingSpec attributes(ConnectionSettings.AttributeMappingSpec spec,
            List<ApiException.FieldError> errors) {
        return attributes(spec, OIDC_CLAIMS, errors);
    }

    private static ConnectionSettings.AttributeMappingSpec samlAttributes(ConnectionSettings.AttributeMappingSpec spec,
            List<ApiException.FieldError> errors) {
        return attributes(spec, SAML_ATTRIBUTES, errors);
    }

    private static ConnectionSettings.AttributeMappingSpec attributes(ConnectionSettings.AttributeMappingSpec spec,
            AttributeSource source, List<ApiException.FieldError> errors) {
        if (spec == null) {
            return new ConnectionSettings.AttributeMappingSpec(null, null, null, null, null, Map.of());
        }
        String[][] standard = {{"email", spec.email()}, {"email_verified", spec.emailVerified()},
                {"given_name", spec.givenName()}, {"family_name", spec.familyName()}, {"display_name", spec.displayName()}};
        for (String[] attribute : standard) {
            if (attribute[1] != null) {
                source.check("attribute_mappings." + attribute[0], attribute[1], errors);
            }
        }
        Map<String, String> custom = new LinkedHashMap<>();
        Map<String, ClaimPath> parsed = new LinkedHashMap<>();
        if (spec.custom() != null) {
            spec.custom().forEach((attribute, value) -> {
                String field = "attribute_mappings.custom." + attribute;
                if (value == null) {
                    errors.add(new ApiException.FieldError(field, "required"));
                    return;
                }
                ClaimPath path = source.check(field, value, errors);
                if (path != null) {
                    custom.put(attribute, value);
                    parsed.put(attribute, path);
                }
            });
        }
        try {
            new AttributeMappings(null, null, null, null, null, parsed);
        } catch (IllegalArgumentException e) {
            errors.add(new ApiException.FieldError("attribute_mappings.custom", e.getMessage()));
        }
        return new ConnectionSettings.AttributeMappingSpec(spec.email(), spec.emailVerified(), spec.givenName(),
                spec.familyName(), spec.displayName(), Map.copyOf(custom));
    }

    /** Records the field error when {@code path} is given and unparsable; true when it is usable or absent. */
    private static boolean claimPath(String field, String path, List<ApiException.FieldError> errors) {
        if (path == null) {
            return true;
        }
        try {
            ClaimPath.parse(path);
            return true;
        } catch (IllegalArgumentException e) {
            errors.add(new ApiException.FieldError(field, "not a claim path: " + e.getMessage()));
            return false;
        }
    }

    private static RoleRule.Match match(String match) {
        if ("exact".equals(match)) {
            return RoleRule.Match.EXACT;
        }
        if ("pattern".equals(match)) {
            return RoleRule.Match.PATTERN;
        }
        throw new IllegalArgumentException("match: must be exact or pattern");
    }

    private static RequiredRoles.Mode mode(String mode) {
        return "all".equals(mode) ? RequiredRoles.Mode.ALL : RequiredRoles.Mode.ANY;
    }

    private static String trimmed(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }

    private static boolean visible(String value) {
        return value.chars().allMatch(c -> c > ' ' && c < 0x7f);
    }
}
