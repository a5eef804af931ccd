package io.jitsso.migration.source.ropc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitsso.migration.source.CheckResult;
import io.jitsso.migration.source.PasswordCheck;
import io.jitsso.migration.source.SourceHttp;
import io.jitsso.migration.source.SourceProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
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
    private final SourceHttp http;
    private final ObjectMapper json;
    private final String host;

    public PasswordGrantConnector(PasswordGrantSettings settings, String clientSecret, SourceHttp http, ObjectMapper json) {
        this.settings = settings;
        this.clientSecret = clientSecret;
        this.http = http;
        this.json = json;
        this.host = URI.create(settings.tokenEndpoint()).getHost();
    }

    @Override
    public Uni<CheckResult> checkPassword(String identifier, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("username", identifier);
        form.put("password", password);
        form.put("scope", settings.scope());
        form.put("client_id", settings.clientId());
        if (clientSecret != null) {
            form.put("client_secret", clientSecret);
        }
        return http.call(host, SourceHttp.request(HttpMethod.POST, settings.tokenEndpoint())
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/x-www-form-urlencoded"),
                formBody(form), this::interpretTokenResponse);
    }

    private static Buffer formBody(Map<String, String> form) {
        return Buffer.buffer(form.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    private Uni<CheckResult> interpretTokenResponse(SourceHttp.Answer answer) {
        JsonNode body = parse(answer);
        if (answer.status() != 200) {
            String error = body == null ? "" : body.path("error").asText("");
            if ((answer.status() == 400 || answer.status() == 401) && "invalid_grant".equals(error)) {
                return Uni.createFrom().item(new CheckResult.Rejected());
            }
            LOG.warnf("password grant at %s refused our client: HTTP %d %s", host, answer.status(), error);
            return Uni.createFrom().item(new CheckResult.Unavailable(CheckResult.Unavailable.MISCONFIGURED));
        }
        if (body == null || !body.path("access_token").isTextual()) {
            return misconfigured("token response without access_token");
        }
        if (settings.userinfoEndpoint() != null) {
            return http.call(host, SourceHttp.request(HttpMethod.GET, settings.userinfoEndpoint())
                            .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + body.get("access_token").asText()), null,
                    userinfo -> userinfo.status() == 200 && parse(userinfo) instanceof ObjectNode fields
                            ? profileOf(fields) : misconfigured("userinfo answered HTTP " + userinfo.status()));
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

    private JsonNode parse(SourceHttp.Answer answer) {
        try {
            return json.readTree(answer.body());
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
