package io.jitsso.gateway.api;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.gateway.service.SignInCompletion;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * migration-service's calls (internal API, internal token): a redirect source claims its tenant's
 * connection, whose sign-ins from then on end in migration instead of federation.
 */
@Path("/internal/v1/tenants/{tenant}/migration-connections/{connection}")
@Tag(name = "Internal")
public class InternalMigrationResource {

    private final SignInCompletion completion;

    InternalMigrationResource(SignInCompletion completion) {
        this.completion = completion;
    }

    @PUT
    @Operation(summary = "Claim a connection for redirect migration (204; 404 when the tenant has no such connection)")
    public Uni<Response> claim(@PathParam("tenant") String tenant, @PathParam("connection") String connection) {
        if (!tenant.matches(Patterns.TENANT_ID) || !connection.matches(Patterns.CONNECTION_ID)) {
            throw new ApiException.NotFound("the tenant has no such connection");
        }
        return completion.claim(tenant, connection).map(claimed -> {
            if (!claimed) {
                throw new ApiException.NotFound("the tenant has no such connection");
            }
            return Response.noContent().build();
        });
    }
}
