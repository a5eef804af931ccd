package io.jitsso.session.api;

import io.jitsso.session.config.SessionConfig;
import io.jitsso.session.crypto.Secrets;
import io.jitsso.session.error.ApiException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards the operator API ({@code /admin}) and the service-to-service API ({@code /internal}) with
 * their bearer credentials, compared in constant time. App-facing endpoints authenticate apps
 * themselves (client secret or client access token).
 */
public class AccessFilter {

    private final SessionConfig config;

    AccessFilter(SessionConfig config) {
        this.config = config;
    }

    @ServerRequestFilter
    public void guard(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/admin/")) {
            require(request, config.operatorToken(), "operator");
        } else if (path.startsWith("/internal/")) {
            require(request, config.internalToken(), "internal service");
        }
    }

    private static void require(ContainerRequestContext request, String expected, String who) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (presented == null || !Secrets.constantTimeEquals(expected, presented)) {
            throw new ApiException.Unauthorized("a valid " + who + " credential is required", "Bearer realm=\"jitsso\"");
        }
    }
}
