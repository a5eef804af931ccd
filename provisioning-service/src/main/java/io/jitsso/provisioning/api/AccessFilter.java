package io.jitsso.provisioning.api;

import io.jitsso.contracts.admin.AdminAccess;
import io.jitsso.contracts.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards the admin API ({@code /admin}): the operator bearer token (constant-time), or an admin
 * access token of the tenant the path names (see {@link AdminAccess}).
 */
public class AccessFilter {

    private final AdminAccess access;

    AccessFilter(AdminAccess access) {
        this.access = access;
    }

    @ServerRequestFilter
    public Uni<Void> guard(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
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
