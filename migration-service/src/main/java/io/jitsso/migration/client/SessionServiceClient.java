package io.jitsso.migration.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.migration.config.MigrationConfig;
import io.jitsso.migration.error.ApiException;
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
 * Calls to session-service: its per-tenant JWKS, its internal API (with the internal token) to open a
 * session, and silent authentication with the app's own client access token to get the app's tokens.
 * Unexpected answers become a 502 to the caller, never a 500 with a stack trace; tokens never reach
 * a log line.
 */
@ApplicationScoped
public class SessionServiceClient {

    private static final Logger LOG = Logger.getLogger(SessionServiceClient.class);
    private static final long TIMEOUT_MILLIS = 10_000;

    /** What session-service's internal API takes to open a session. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OpenSession(String tenantId, String subject, List<String> amr, String connectionId,
            Map<String, Object> claims) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OpenedSession(String sessionId) {
    }

    /** The app's tokens from silent authentication. */
    @JsonIgnoreProperties(ignoreUnknown = true)
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

    public Uni<OpenedSession> openSession(OpenSession request) {
        return post("/internal/v1/sessions", internalAuthorization, request)
                .map(response -> {
                    if (response.statusCode() != 201 && response.statusCode() != 200) {
                        throw unavailable("open the session", "HTTP " + response.statusCode());
                    }
                    return read(response, OpenedSession.class, "open the session");
                });
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
                        case 429:
                            throw new ApiException.TooManyRequests("too many sign-ins for this app; retry later",
                                    retryAfter(response));
                        default:
                            throw unavailable("authenticate the session", "HTTP " + response.statusCode());
                    }
                });
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

    private static long retryAfter(HttpResponse<Buffer> response) {
        try {
            return Long.parseLong(response.getHeader("Retry-After"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static ApiException unavailable(String action, String cause) {
        LOG.warnf("session-service could not %s: %s", action, cause);
        return new ApiException.BadGateway("the session service is unavailable; try again in a moment");
    }
}
