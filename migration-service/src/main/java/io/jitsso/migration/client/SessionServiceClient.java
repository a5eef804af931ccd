package io.jitsso.migration.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.migration.config.MigrationConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Calls to session-service: its per-tenant JWKS, and its internal API (with the internal token) to open
 * a session and mint the app's tokens from it.
 * Unexpected answers become a 502 to the caller, never a 500 with a stack trace; tokens never reach
 * a log line.
 */
@ApplicationScoped
public class SessionServiceClient {

    private static final Logger LOG = Logger.getLogger(SessionServiceClient.class);
    private static final long TIMEOUT_MILLIS = 10_000;

    /** What session-service takes to open a session for an app and mint its tokens. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OpenSessionForApp(String tenantId, String subject, List<String> amr, String connectionId,
            Map<String, Object> claims, String clientId) {
    }

    /** The new session's bearer id and the app's tokens. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SignedIn(String sessionId, String idToken, String accessToken, String tokenType, long expiresIn) {

        public AppTokens tokens() {
            return new AppTokens(idToken, accessToken, tokenType, expiresIn);
        }

        @Override
        public String toString() {
            return "SignedIn[redacted]";
        }
    }

    /** The app's tokens. */
    public record AppTokens(String idToken, String accessToken, String tokenType, long expiresIn) {
        @Override
        public String toString() {
            return "AppTokens[redacted]";
        }
    }

    private final WebClient http;
    private final ObjectMapper json;
    private final String base;
    private final String internalAuthorization;

    SessionServiceClient(WebClient http, ObjectMapper json, MigrationConfig config) {
        this.http = http;
        this.json = json;
        this.base = config.sessionServiceUrl();
        this.internalAuthorization = "Bearer " + config.internalToken();
    }

    /** The tenant's JWKS document; empty when session-service does not know the tenant. */
    public Uni<Optional<String>> jwks(String tenantId) {
        return http.getAbs(base + "/t/" + URLEncoder.encode(tenantId, StandardCharsets.UTF_8) + "/jwks")
                .timeout(TIMEOUT_MILLIS).send()
                .onFailure().transform(failure -> unavailable("read the JWKS", failure.getClass().getSimpleName()))
                .map(response -> {
                    if (response.statusCode() == 404) {
                        return Optional.<String>empty();
                    }
                    if (response.statusCode() != 200) {
                        throw unavailable("read the JWKS", "HTTP " + response.statusCode());
                    }
                    return Optional.of(response.bodyAsString());
                });
    }

    /**
     * Opens a session for the user and mints the app's ID and access tokens in one internal call (one
     * transaction at session-service). The app's client access token was verified here before.
     */
    public Uni<SignedIn> openWithTokens(OpenSessionForApp request) {
        return post("/internal/v1/sessions/with-tokens", internalAuthorization, request)
                .map(response -> {
                    if (response.statusCode() == 201) {
                        return read(response, SignedIn.class, "open the session");
                    }
                    if (response.statusCode() == 400 && namesField(response, "client_id")) {
                        // the app was deleted after its token was issued
                        throw new ApiException.Unauthorized("the client access token was not accepted",
                                "Bearer error=\"invalid_token\"");
                    }
                    if (response.statusCode() == 403) {
                        // the app's required roles (ADR-33), which a migrated user's session does not carry
                        throw new ApiException.Forbidden(detail(response,
                                "the app requires roles that this sign-in does not grant"));
                    }
                    throw unavailable("open the session", "HTTP " + response.statusCode());
                });
    }

    /**
     * Ends every live session of the subject (internal API). Best effort: a failure is logged, not
     * raised, because its callers end sessions whose ids reached nobody.
     */
    public Uni<Void> revokeSubject(String tenantId, String subject, String reason) {
        return post("/internal/v1/tenants/" + URLEncoder.encode(tenantId, StandardCharsets.UTF_8) + "/sessions/revocation",
                        internalAuthorization, Map.of("subject", subject, "reason", reason))
                .invoke(response -> {
                    if (response.statusCode() != 200) {
                        LOG.warnf("sessions of %s were not revoked: HTTP %d", subject, response.statusCode());
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("sessions of %s were not revoked: %s", subject,
                        failure.getClass().getSimpleName()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * The app's tokens for the session, through silent authentication with the app's own bearer token
     * (so session-service applies its own checks and limits to the app).
     */
    public Uni<AppTokens> authenticate(String appAuthorization, String sessionId) {
        return post("/v1/auth/session/authenticate", appAuthorization, Map.of("session_id", sessionId))
                .map(response -> {
                    switch (response.statusCode()) {
                        case 200:
                            return read(response, AppTokens.class, "authenticate the session");
                        case 400:
                        case 404:
                            // the session is unknown, expired or ended (session-service's "Session not found")
                            throw ApiException.BadRequest.field("session_id", "no live session with this id");
                        case 401:
                            throw new ApiException.Unauthorized("the client access token was not accepted",
                                    "Bearer error=\"invalid_token\"");
                        case 403:
                            // the app's required roles, which the session's user lacks (ADR-33)
                            throw new ApiException.Forbidden(detail(response,
                                    "the session's user does not have the roles this app requires"));
                        case 429:
                            throw new ApiException.TooManyRequests("too many sign-ins for this app; retry later",
                                    retryAfter(response));
                        default:
                            throw unavailable("authenticate the session", "HTTP " + response.statusCode());
                    }
                });
    }

    private static long retryAfter(HttpResponse<Buffer> response) {
        try {
            return Long.parseLong(response.getHeader("Retry-After"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** The {@code detail} of session-service's problem answer, or {@code fallback}. */
    private String detail(HttpResponse<Buffer> response, String fallback) {
        try {
            String detail = json.readTree(response.body().getBytes()).path("detail").asText("");
            return detail.isBlank() || detail.length() > 2000 ? fallback : detail;
        } catch (java.io.IOException | RuntimeException e) {
            return fallback;
        }
    }

    private boolean namesField(HttpResponse<Buffer> response, String field) {
        try {
            for (com.fasterxml.jackson.databind.JsonNode error : json.readTree(response.body().getBytes()).path("errors")) {
                if (field.equals(error.path("field").asText())) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    private Uni<HttpResponse<Buffer>> post(String path, String authorization, Object body) {
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("request not serializable", e));
        }
        return http.postAbs(base + path).timeout(TIMEOUT_MILLIS)
                .putHeader("Authorization", authorization)
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json")
                .sendBuffer(Buffer.buffer(payload))
                .onFailure().transform(failure -> failure instanceof ApiException ? failure
                        : unavailable("reach " + path, failure.getClass().getSimpleName()));
    }

    private <T> T read(HttpResponse<Buffer> response, Class<T> type, String action) {
        try {
            return json.readValue(response.body().getBytes(), type);
        } catch (java.io.IOException | RuntimeException e) {
            throw unavailable(action, "unreadable answer");
        }
    }

    private static ApiException unavailable(String action, String cause) {
        LOG.warnf("session-service could not %s: %s", action, cause);
        return new ApiException.BadGateway("the session service is unavailable; try again in a moment");
    }
}
