package io.jitsso.migration.api;

import io.jitsso.migration.config.MigrationConfig;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.migration.error.ApiException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards the admin API (sources, user schema, progress) ({@code /admin}) with the operator bearer token, compared in
 * constant time. The sign-in API checks the app's client access token itself.
 */
public class AccessFilter {

    private final MigrationConfig config;

    AccessFilter(MigrationConfig config) {
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
