package io.jitsso.gateway.api;

import io.jitsso.gateway.persistence.ConnectionAudit;
import io.jitsso.gateway.service.ConnectionService;
import io.smallrye.mutiny.Uni;
import io.jitsso.contracts.http.PagingParams;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who changed the tenant's connections (ADR-31), for the operator and the tenant's admins. */
@Path("/admin/v1/tenants/{tenant}/connection-audit")
@Tag(name = "Connections")
public class ConnectionAuditResource {

    private final ConnectionService connections;

    ConnectionAuditResource(ConnectionService connections) {
        this.connections = connections;
    }

    @GET
    @Operation(summary = "Changes to the tenant's connections, newest first: who, what, when, from where")
    public Uni<List<ConnectionAudit.Entry>> list(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @QueryParam("before") String before, @QueryParam("limit") String limit) {
        return connections.auditTrail(tenant, PagingParams.cursor("before", before), PagingParams.limit(limit, 500));
    }
}
