package io.jitsso.gateway.api;

import io.jitsso.contracts.admin.AdminAccess;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.gateway.config.GatewayConfig;
import io.jitsso.gateway.service.AdminActor;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards the connection admin API ({@code /admin}): the operator bearer token, or an admin access
 * token of the tenant the path names (see {@link AdminAccess}). The internal API ({@code /internal},
 * migration-service's calls) takes the internal token, compared in constant time. The sign-in
 * endpoints are public by nature. An admitted admin request carries who made it ({@link #ACTOR}).
 */
public class AccessFilter {

    private final AdminAccess access;
    private final String internalToken;

    AccessFilter(AdminAccess access, GatewayConfig config) {
        this.access = access;
        this.internalToken = config.internalToken();
    }

    /** Where an admitted admin request keeps who made it (an {@link AdminActor}), for the connection audit (ADR-31). */
    static final String ACTOR = "jitsso.admin-actor";

    @ServerRequestFilter
    public Uni<Void> guard(ContainerRequestContext request, RoutingContext routing) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/internal/")) {
            if (!Secrets.bearerEquals(internalToken, request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
                throw new ApiException.Unauthorized("a valid internal service credential is required", "Bearer realm=\"jitsso\"");
            }
            return Uni.createFrom().voidItem();
        }
        if (!path.startsWith("/admin/")) {
            return Uni.createFrom().voidItem();
        }
        return access.admit(request.getHeaderString(HttpHeaders.AUTHORIZATION), request.getMethod(), path, false,
                        AccessFilter::refusal)
                .invoke(decision -> routing.put(ACTOR, new AdminActor(AdminAccess.actorOf(decision),
                        ClientAddress.of(routing.request()))))
                .replaceWithVoid();
    }

    private static ApiException refusal(AdminAccess.Denied denied) {
        if (denied.status() == 401) {
            return new ApiException.Unauthorized(denied.detail(), denied.challenge());
        }
        return denied.status() == 403 ? new ApiException.Forbidden(denied.detail())
                : new ApiException.ServiceUnavailable(denied.detail());
    }
}
