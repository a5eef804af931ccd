package io.jitsso.gateway.protocol.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitsso.gateway.mapping.AttributeMapper;
import io.jitsso.gateway.mapping.ClaimPath;
import io.jitsso.gateway.mapping.UpstreamIdentity;
import io.jitsso.gateway.persistence.ConnectionSettings;
import io.jitsso.gateway.service.LiveConnection;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.oidc.UserInfo;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Turns the identity quarkus-oidc verified at the callback into an {@link UpstreamIdentity}: the
 * profile from the ID token (userinfo fills what it lacks), the role values from the connection's
 * role source, {@code amr} from the ID token. Tokens are only decoded here; quarkus-oidc has
 * already verified the ID token, and the access token too when it is the role source.
 */
@ApplicationScoped
public class OidcIdentityReader {

    private static final ClaimPath AMR = ClaimPath.parse("amr");
    private static final String USERINFO_ATTRIBUTE = "userinfo";
    private final ObjectMapper json;

    OidcIdentityReader(ObjectMapper json) {
        this.json = json;
    }

    public UpstreamIdentity read(SecurityIdentity identity, LiveConnection connection) {
        IdTokenCredential idToken = identity.getCredential(IdTokenCredential.class);
        if (idToken == null) {
            throw new AuthenticationCompletionException("no ID token");
        }
        JsonNode idClaims = payload(idToken.getToken());
        String subject = idClaims.path("sub").asText(null);
        if (subject == null || subject.isEmpty() || subject.length() > 255) {
            throw new AuthenticationCompletionException("ID token has no usable subject");
        }
        JsonNode userInfo = userInfo(identity);
        JsonNode profile = merged(idClaims, userInfo);
        JsonNode roleDocument = switch (connection.settings().roleSource()) {
            case ConnectionSettings.ROLE_SOURCE_ACCESS_TOKEN -> accessToken(identity);
            case ConnectionSettings.ROLE_SOURCE_USERINFO -> userInfo;
            default -> idClaims;
        };
        List<String> roles = connection.roleClaim() == null || roleDocument == null ? List.of()
                : connection.roleClaim().values(roleDocument);
        return AttributeMapper.identity(connection.id(), subject, profile, roles, AMR.values(idClaims),
                connection.attributeMappings());
    }

    private JsonNode accessToken(SecurityIdentity identity) {
        AccessTokenCredential accessToken = identity.getCredential(AccessTokenCredential.class);
        if (accessToken == null || accessToken.getToken() == null || accessToken.getToken().chars().filter(c -> c == '.').count() != 2) {
            // an opaque access token carries no roles the gateway can read
            return null;
        }
        return payload(accessToken.getToken());
    }

    private JsonNode userInfo(SecurityIdentity identity) {
        Object attribute = identity.getAttribute(USERINFO_ATTRIBUTE);
        if (attribute instanceof UserInfo info) {
            return parse(info.getJsonObject().toString());
        }
        return null;
    }

    private static JsonNode merged(JsonNode idClaims, JsonNode userInfo) {
        if (userInfo == null || !userInfo.isObject()) {
            return idClaims;
        }
        ObjectNode merged = ((ObjectNode) userInfo).deepCopy();
        idClaims.fields().forEachRemaining(field -> merged.set(field.getKey(), field.getValue()));
        return merged;
    }

    private JsonNode payload(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new AuthenticationCompletionException("token is not a JWT");
        }
        return parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new AuthenticationCompletionException("token claims are not JSON");
        }
    }
}
