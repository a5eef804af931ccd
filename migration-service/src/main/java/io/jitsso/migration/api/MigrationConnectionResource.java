package io.jitsso.migration.api;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.migration.service.RedirectSources;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The gateway asks (internal API, internal token), before it sends a browser to the legacy IdP of a
 * connection that ends in migration, whether the redirect source naming that connection still
 * migrates: a retired source stops the sign-in before the user signs in at an IdP being switched off.
 */
@Path("/internal/v1/tenants/{tenant}/migration-connections/{connection}")
public class MigrationConnectionResource {

    /** The redirect source that names the connection, and whether it still migrates. */
    public record MigrationConnectionState(String sourceId, boolean active) {
    }

    private final RedirectSources sources;

    MigrationConnectionResource(RedirectSources sources) {
        this.sources = sources;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The redirect source naming a gateway connection, and whether it is active (404: none names it)")
    public Uni<Response> state(@PathParam("tenant") String tenant, @PathParam("connection") String connection) {
        return sources.findByConnection(Patterns.tenant(tenant), Patterns.connection(connection))
                .map(found -> found.map(source -> Response.ok(new MigrationConnectionState(source.id(), source.active()))
                                .header("Cache-Control", "no-store").build())
                        .orElseThrow(() -> new ApiException.NotFound("no migration source of the tenant names this connection")));
    }
}
