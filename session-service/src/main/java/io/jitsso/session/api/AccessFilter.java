package io.jitsso.session.api;

import io.jitsso.contracts.admin.AdminAccess;
import io.jitsso.session.config.SessionConfig;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards the admin API ({@code /admin}: the operator token, or an admin access token of the tenant
 * the path names, see {@link AdminAccess}) and the service-to-service API ({@code /internal}: the
 * internal token, compared in constant time). Managing a tenant's break-glass admin is the
 * operator's alone: an admin who signed in through a compromised IdP must not be able to plant one.
 * App-facing endpoints authenticate apps themselves (client secret or client access token).
 */
public class AccessFilter {

    private final SessionConfig config;
    private final AdminAccess access;

    AccessFilter(SessionConfig config, AdminAccess access) {
        this.config = config;
        this.access = access;
    }

    @ServerRequestFilter
    public Uni<Void> guard(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/internal/")) {
            requireInternal(request);
        } else if (path.startsWith("/admin/")) {
            return access.enforce(request.getHeaderString(HttpHeaders.AUTHORIZATION), request.getMethod(), path,
                    operatorOnly(path), AccessFilter::refusal);
        }
        return Uni.createFrom().voidItem();
    }

    /** The break-glass account's settings are the operator's; its audit trail the tenant's admins may read. */
    static boolean operatorOnly(String path) {
        return path.contains("/break-glass") && !path.endsWith("/break-glass/audit");
    }

    private static ApiException refusal(AdminAccess.Denied denied) {
        if (denied.status() == 403) {
            return new ApiException.Forbidden(denied.detail());
        }
        return denied.status() == 401 ? new ApiException.Unauthorized(denied.detail(), denied.challenge())
                : new ApiException.ServiceUnavailable(denied.detail());
    }

    private void requireInternal(ContainerRequestContext request) {
        if (!Secrets.bearerEquals(config.internalToken(), request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            throw new ApiException.Unauthorized("a valid internal service credential is required", "Bearer realm=\"jitsso\"");
        }
    }
}
