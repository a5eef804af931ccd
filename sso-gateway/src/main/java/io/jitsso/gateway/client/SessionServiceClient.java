package io.jitsso.gateway.client;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.gateway.config.GatewayConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Calls to session-service with the right credential, and its failures in the gateway's terms: a
 * missing app is an answer, everything unexpected (5xx, timeouts, refused connections) is a 502 to
 * the caller, never a 500 with a stack trace.
 */
@ApplicationScoped
public class SessionServiceClient {

    private static final Logger LOG = Logger.getLogger(SessionServiceClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SessionServiceApi internal;

    SessionServiceClient(GatewayConfig config) {
        URI base = URI.create(config.sessionServiceUrl());
        this.internal = build(base, config.internalToken(), SessionServiceApi.class);
    }

    /** The app's registration; empty when the tenant has no such app (or no such tenant). */
    public Uni<Optional<SessionServiceApi.AppRegistration>> findApp(String tenantId, String clientId) {
        return internal.app(tenantId, clientId)
                .map(Optional::of)
                .onFailure(SessionServiceClient::notFound).recoverWithItem(Optional.empty())
                .onFailure().transform(failure -> unavailable("look up the app", failure));
    }

    /**
     * Opens the session and issues the app's code. A 403 means the sign-in's roles miss the app's required roles
     * ({@link AppAccessDenied}, ADR-33); another 4xx that the request itself was refused.
     */
    public Uni<SessionServiceApi.IssuedCode> openSession(SessionServiceApi.OpenSession request) {
        return internal.open(request)
                .onFailure().transform(failure -> {
                    String refusal = status(failure) == 403 && request.authorization() != null ? problemDetail(failure) : null;
                    if (refusal != null) {
                        // session-service's own refusal (a problem with a detail), not a 403 of something in between
                        return new AppAccessDenied(request.authorization().clientId(), refusal);
                    }
                    return clientError(failure)
                            ? new ApiException.BadRequest("the session could not be opened for this app")
                            : unavailable("open the session", failure);
                });
    }

    /**
     * session-service refused the app's code because the sign-in's roles miss the app's required roles.
     *
     * @param clientId the app's client id
     * @param reason   session-service's explanation, for the user who signed in (names the app and their roles)
     */
    public static final class AppAccessDenied extends RuntimeException {
        private final String clientId;
        private final String reason;

        AppAccessDenied(String clientId, String reason) {
            super("the app's required roles are not met", null, false, false);
            this.clientId = clientId;
            this.reason = reason;
        }

        public String clientId() {
            return clientId;
        }

        public String reason() {
            return reason;
        }
    }

    private static int status(Throwable failure) {
        return failure instanceof WebApplicationException web ? web.getResponse().getStatus() : 0;
    }

    /**
     * The {@code detail} of session-service's problem answer (cut to 2,000 characters), a general sentence when it has
     * none that can be read; null when the answer is no problem at all (not session-service's own refusal).
     */
    private static String problemDetail(Throwable failure) {
        jakarta.ws.rs.core.Response response = ((WebApplicationException) failure).getResponse();
        if (response.getMediaType() == null || !"problem+json".equals(response.getMediaType().getSubtype())) {
            return null;
        }
        String general = "The application you are signing in to requires roles that your sign-in does not grant.";
        try {
            Object detail = response.readEntity(java.util.Map.class).get("detail");
            if (!(detail instanceof String text) || text.isBlank()) {
                return general;
            }
            return text.length() <= 2000 ? text : text.substring(0, 1997) + "...";
        } catch (RuntimeException unreadable) {
            LOG.debugf("session-service's refusal could not be read: %s", unreadable.getMessage());
            return general;
        }
    }

    public Uni<Integer> revokeConnection(String tenantId, String connectionId) {
        return internal.revokeConnection(tenantId, connectionId)
                .map(SessionServiceApi.Revoked::revoked)
                .onFailure().transform(failure -> unavailable("revoke the connection's sessions", failure));
    }

    /** Ends the subject's sessions; with {@code grantedRoles}, only those carrying a role outside it (ADR-33). */
    public Uni<Integer> revokeSubject(String tenantId, String subject, java.util.List<String> grantedRoles, String reason) {
        return internal.revokeSubject(tenantId, new SessionServiceApi.SubjectRevocation(subject, reason, grantedRoles))
                .map(SessionServiceApi.Revoked::revoked)
                .onFailure().transform(failure -> unavailable("revoke the user's sessions", failure));
    }

    private static boolean notFound(Throwable failure) {
        return failure instanceof WebApplicationException web && web.getResponse().getStatus() == 404;
    }

    private static boolean clientError(Throwable failure) {
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            return status >= 400 && status < 500;
        }
        return false;
    }

    private static Throwable unavailable(String action, Throwable failure) {
        if (failure instanceof ApiException) {
            return failure;
        }
        String cause = failure instanceof WebApplicationException web ? "HTTP " + web.getResponse().getStatus()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        LOG.warnf("session-service could not %s: %s", action, cause);
        return new ApiException.BadGateway("the session service is unavailable; try again in a moment");
    }

    private static <T> T build(URI base, String token, Class<T> api) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(base)
                .connectTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .register(new Bearer(token))
                .build(api);
    }

    /** Adds the credential; the token never appears in a log line. */
    private record Bearer(String token) implements ClientRequestFilter {
        @Override
        public void filter(ClientRequestContext request) {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }

        @Override
        public String toString() {
            return "Bearer[redacted]";
        }
    }
}
