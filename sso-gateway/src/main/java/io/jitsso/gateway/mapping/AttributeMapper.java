package io.jitsso.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link UpstreamIdentity} from an upstream's claims through the connection's attribute
 * mapping (SPEC A4). Single-valued attributes take the first value their path reaches.
 */
public final class AttributeMapper {

    private AttributeMapper() {
    }

    /**
     * @param profileClaims the claims the attributes come from (an ID token merged with userinfo)
     * @param upstreamRoles role values already read from the connection's role source
     */
    public static UpstreamIdentity identity(String connectionId, String subject, JsonNode profileClaims,
            List<String> upstreamRoles, List<String> amr, AttributeMappings mappings) {
        Map<String, String> custom = new LinkedHashMap<>();
        mappings.custom().forEach((name, path) -> path.first(profileClaims).ifPresent(value -> custom.put(name, value)));
        return new UpstreamIdentity(connectionId, subject,
                text(mappings.email(), profileClaims),
                mappings.emailVerified() != null
                        && mappings.emailVerified().first(profileClaims).map("true"::equalsIgnoreCase).orElse(false),
                text(mappings.givenName(), profileClaims),
                text(mappings.familyName(), profileClaims),
                text(mappings.displayName(), profileClaims),
                upstreamRoles, custom, amr);
    }

    private static String text(ClaimPath path, JsonNode claims) {
        return path == null ? null : path.first(claims).orElse(null);
    }
}
