package io.jitsso.gateway.api;

import io.jitsso.gateway.config.GatewayConfig;
import io.jitsso.gateway.crypto.Secrets;
import io.jitsso.gateway.error.ApiException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards the connection admin API ({@code /admin}) with the operator bearer token, compared in
 * constant time. The sign-in endpoints are public by nature.
 */
public class AccessFilter {

    private final GatewayConfig config;

    AccessFilter(GatewayConfig config) {
        this.config = config;
    }

    @ServerRequestFilter
    public void guard(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().startsWith("/admin/")) {
            String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
            String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
            if (presented == null || !Secrets.constantTimeEquals(config.operatorToken(), presented)) {
                throw new ApiException.Unauthorized("a valid operator credential is required", "Bearer realm=\"jitsso\"");
            }
        }
    }
}
