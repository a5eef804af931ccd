package io.jitsso.migration.api;

import io.jitsso.migration.service.SchemaService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The gateway reads the tenant's user schema here (internal API, internal token) to map federated profiles onto
 * it (ADR-32): the same answer as the operator's {@code GET /admin/v1/tenants/{tenant}/user-schema}.
 */
@Path("/internal/v1/tenants/{tenant}/user-schema")
public class InternalSchemaResource {

    private final SchemaService schemas;

    InternalSchemaResource(SchemaService schemas) {
        this.schemas = schemas;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The tenant's user schema (an empty list when it has none)")
    public Uni<SchemaAdminResource.SchemaBody> get(@PathParam("tenant") String tenant) {
        return schemas.schema(Patterns.tenant(tenant)).map(SchemaAdminResource::body);
    }
}
