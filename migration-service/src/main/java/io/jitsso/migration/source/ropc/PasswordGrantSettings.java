package io.jitsso.migration.source.ropc;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitsso.migration.source.SettingsErrors;
import java.util.Set;

/**
 * Settings of an OAuth 2.0 password-grant source.
 *
 * @param tokenEndpoint    the source's token endpoint
 * @param clientId         our client at the source (must be allowed the password grant)
 * @param scope            requested scope; {@code openid} makes OIDC sources return an ID token with the profile
 * @param userinfoEndpoint optional: read the profile from userinfo (with the access token) instead of the ID token
 * @param subjectField     the profile field holding the user's stable id at the source
 */
public record PasswordGrantSettings(String tokenEndpoint, String clientId, String scope, String userinfoEndpoint,
        String subjectField) {

    private static final Set<String> KNOWN = Set.of("token_endpoint", "client_id", "scope", "userinfo_endpoint",
            "subject_field");

    public static PasswordGrantSettings parse(JsonNode settings, SettingsErrors errors) {
        errors.onlyKnown(settings, KNOWN);
        return new PasswordGrantSettings(
                errors.url(settings, "token_endpoint", true),
                errors.requiredText(settings, "client_id", 255),
                errors.optionalText(settings, "scope", 500, "openid"),
                errors.url(settings, "userinfo_endpoint", false),
                errors.optionalText(settings, "subject_field", 255, "sub"));
    }
}
