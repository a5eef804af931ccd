package io.jitsso.provisioning.api;

import io.jitsso.provisioning.service.AuditEntry;
import io.jitsso.provisioning.service.UserDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator API: a tenant's audit log (SPEC D3). */
@Path("/admin/v1/tenants/{tenant}/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator: audit")
@SecurityRequirement(name = "operator")
public class AuditAdminResource {

    private final UserDirectory directory;

    AuditAdminResource(UserDirectory directory) {
        this.directory = directory;
    }

    @GET
    @Operation(summary = "Read a tenant's audit log, newest first",
            description = "For the next (older) page pass the last id of this page as after.")
    @APIResponse(responseCode = "200", description = "the entries")
    @APIResponse(responseCode = "400", description = "malformed limit, after or user_id (problem+json)")
    @APIResponse(responseCode = "401", description = "missing or wrong operator credential")
    public Uni<List<AuditEntry>> list(
            @PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @Parameter(description = "page size, 1 to 200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "cursor: entries older than this entry id") @QueryParam("after") String after,
            @Parameter(description = "only entries about this user") @QueryParam("user_id") String userId) {
        return directory.audit(tenant, QueryParams.uuid("user_id", userId), QueryParams.cursor("after", after),
                QueryParams.limit(limit));
    }
}
