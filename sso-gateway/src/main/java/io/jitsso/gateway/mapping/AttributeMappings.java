package io.jitsso.gateway.mapping;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a connection finds the profile attributes in the upstream's claims (SPEC A4): one claim path
 * per standard attribute, and custom attributes of the tenant's user schema by name.
 */
public record AttributeMappings(
        ClaimPath email,
        ClaimPath emailVerified,
        ClaimPath givenName,
        ClaimPath familyName,
        ClaimPath displayName,
        Map<String, ClaimPath> custom) {

    public static final int MAX_CUSTOM = 50;
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public AttributeMappings {
        custom = custom == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(custom));
        if (custom.size() > MAX_CUSTOM) {
            throw new IllegalArgumentException("at most " + MAX_CUSTOM + " custom attributes");
        }
        for (String name : custom.keySet()) {
            if (!ATTRIBUTE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("custom attribute names are lower-case identifiers: " + name);
            }
        }
    }

    /** The OIDC standard claims, used for every attribute a connection does not map explicitly. */
    public static AttributeMappings standard() {
        return new AttributeMappings(ClaimPath.parse("email"), ClaimPath.parse("email_verified"),
                ClaimPath.parse("given_name"), ClaimPath.parse("family_name"), ClaimPath.parse("name"), Map.of());
    }
}
