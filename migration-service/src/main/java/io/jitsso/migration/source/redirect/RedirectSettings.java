package io.jitsso.migration.source.redirect;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitsso.migration.source.SettingsErrors;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of a redirect source: the gateway connection (OIDC or SAML) to the legacy IdP. Users sign
 * in through the gateway's normal flow for that connection; its callback hands the verified identity
 * here instead of federating it.
 *
 * @param connectionId the gateway connection's id (of the same tenant, checked with the gateway on save)
 */
public record RedirectSettings(String connectionId) {

    /** The gateway's connection id shape. */
    private static final Pattern CONNECTION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> KNOWN = Set.of("connection_id");

    public static RedirectSettings parse(JsonNode settings, SettingsErrors errors) {
        errors.onlyKnown(settings, KNOWN);
        String connectionId = errors.requiredText(settings, "connection_id", 64);
        if (connectionId != null && !CONNECTION_ID.matcher(connectionId).matches()) {
            errors.add("connection_id", "is not a gateway connection id");
            connectionId = null;
        }
        return new RedirectSettings(connectionId);
    }

    /** The connection a stored source names; null when the settings are not a redirect source's. */
    public static String connectionOf(JsonNode settings) {
        JsonNode node = settings == null ? null : settings.get("connection_id");
        return node == null || !node.isTextual() ? null : node.asText();
    }
}
