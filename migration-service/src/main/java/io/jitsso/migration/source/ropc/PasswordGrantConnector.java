package io.jitsso.migration.source.ropc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitsso.migration.source.CheckResult;
import io.jitsso.migration.source.PasswordCheck;
import io.jitsso.migration.source.SourceHttp;
import io.jitsso.migration.source.SourceProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * Checks a password with the source's OAuth 2.0 resource-owner password grant (RFC 6749 §4.3), as
 * Keycloak, Auth0 and Okta offer it. The profile comes from the ID token of the token response (read
 * from the source's own TLS answer to our request, OIDC Core §3.1.3.7) or, when configured, from
 * userinfo. {@code invalid_grant} is a wrong credential; a refusal of our client (invalid_client,
 * unauthorized_client, unsupported_grant_type) is a misconfigured source, not the user's fault.
 */
public final class PasswordGrantConnector implements PasswordCheck {

    private static final Logger LOG = Logger.getLogger(PasswordGrantConnector.class);

    private final PasswordGrantSettings settings;
    private final String clientSecret;
    private final WebClient http;
    private final Duration timeout;
    private final ObjectMapper json;
    private final String host;

    public PasswordGrantConnector(PasswordGrantSettings settings, String clientSecret, WebClient http, Duration timeout,
            ObjectMapper json) {
        this.settings = settings;
        this.clientSecret = clientSecret;
        this.http = http;
        this.timeout = timeout;
        this.json = json;
        this.host = URI.create(settings.tokenEndpoint()).getHost();
    }

    @Override
    public Uni<CheckResult> checkPassword(String identifier, String password) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "password")
                .add("username", identifier)
                .add("password", password)
                .add("scope", settings.scope())
                .add("client_id", settings.clientId());
        if (clientSecret != null) {
            form.add("client_secret", clientSecret);
        }
        return SourceHttp.call(host, timeout,
                SourceHttp.withDeadline(http.postAbs(settings.tokenEndpoint()), timeout)
                        .putHeader("Accept", "application/json").sendForm(form),
                this::interpretTokenResponse);
    }

    private Uni<CheckResult> interpretTokenResponse(HttpResponse<Buffer> response) {
        JsonNode body = parse(response);
        if (response.statusCode() != 200) {
            String error = body == null ? "" : body.path("error").asText("");
            if ((response.statusCode() == 400 || response.statusCode() == 401) && "invalid_grant".equals(error)) {
                return Uni.createFrom().item(new CheckResult.Rejected());
            }
            LOG.warnf("password grant at %s refused our client: HTTP %d %s", host, response.statusCode(), error);
            return Uni.createFrom().item(new CheckResult.Unavailable(CheckResult.Unavailable.MISCONFIGURED));
        }
        if (body == null || !body.path("access_token").isTextual()) {
            return misconfigured("token response without access_token");
        }
        if (settings.userinfoEndpoint() != null) {
            return SourceHttp.call(host, timeout,
                    SourceHttp.withDeadline(http.getAbs(settings.userinfoEndpoint()), timeout)
                            .putHeader("Accept", "application/json")
                            .bearerTokenAuthentication(body.get("access_token").asText()).send(),
                    userinfo -> userinfo.statusCode() == 200 && parse(userinfo) instanceof ObjectNode fields
                            ? profileOf(fields) : misconfigured("userinfo answered HTTP " + userinfo.statusCode()));
        }
        ObjectNode claims = idTokenClaims(body.path("id_token").asText(null));
        return claims == null ? misconfigured("token response without a readable id_token (scope openid?)") : profileOf(claims);
    }

    private Uni<CheckResult> profileOf(ObjectNode fields) {
        SourceProfile profile = new SourceProfile(null, fields);
        String subject = profile.field(settings.subjectField());
        if (subject == null || subject.isBlank()) {
            return misconfigured("the profile has no " + settings.subjectField());
        }
        return Uni.createFrom().item(new CheckResult.Verified(new SourceProfile(subject, fields)));
    }

    private Uni<CheckResult> misconfigured(String why) {
        LOG.warnf("password grant at %s: %s", host, why);
        return Uni.createFrom().item(new CheckResult.Unavailable(CheckResult.Unavailable.MISCONFIGURED));
    }

    private JsonNode parse(HttpResponse<Buffer> response) {
        try {
            Buffer body = response.body();
            return body == null ? null : json.readTree(body.getBytes());
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private ObjectNode idTokenClaims(String idToken) {
        if (idToken == null) {
            return null;
        }
        String[] parts = idToken.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            return json.readTree(Base64.getUrlDecoder().decode(parts[1])) instanceof ObjectNode claims ? claims : null;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
