package io.jitsso.migration.api;

import io.jitsso.contracts.admin.AdminAccess;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.migration.config.MigrationConfig;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards the admin API ({@code /admin}: sources, user schema, journeys, progress): the operator bearer
 * token (constant-time), or an admin access token of the tenant the path names (see {@link AdminAccess}).
 * The internal API ({@code /internal}, the gateway's redirect migrations) takes the internal token,
 * compared in constant time. The sign-in API checks the app's client access token itself.
 */
public class AccessFilter {

    private final AdminAccess access;
    private final String internalToken;

    AccessFilter(AdminAccess access, MigrationConfig config) {
        this.access = access;
        this.internalToken = config.internalToken();
    }

    @ServerRequestFilter
    public Uni<Void> guard(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/internal/")) {
            if (!Secrets.bearerEquals(internalToken, request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
                throw new ApiException.Unauthorized("a valid internal service credential is required", "Bearer realm=\"jitsso\"");
            }
            return Uni.createFrom().voidItem();
        }
        return path.startsWith("/admin/")
                ? access.enforce(request.getHeaderString(HttpHeaders.AUTHORIZATION), request.getMethod(), path, false,
                        AccessFilter::refusal)
                : Uni.createFrom().voidItem();
    }

    private static ApiException refusal(AdminAccess.Denied denied) {
        return switch (denied.status()) {
            case 401 -> new ApiException.Unauthorized(denied.detail(), denied.challenge());
            case 403 -> new ApiException.Forbidden(denied.detail());
            default -> new ApiException.ServiceUnavailable(denied.detail());
        };
    }
}
