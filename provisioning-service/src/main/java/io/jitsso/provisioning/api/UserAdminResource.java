package io.jitsso.provisioning.api;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.provisioning.service.UserDetail;
import io.jitsso.provisioning.service.UserDirectory;
import io.jitsso.provisioning.service.UserSummary;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator API: a tenant's users, with role provenance and upstream accounts. */
@Path("/admin/v1/tenants/{tenant}/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator: users")
@SecurityScheme(securitySchemeName = "operator", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "JITSSO_OPERATOR_TOKEN")
@SecurityRequirement(name = "operator")
public class UserAdminResource {

    private final UserDirectory directory;

    UserAdminResource(UserDirectory directory) {
        this.directory = directory;
    }

    @GET
    @Operation(summary = "List a tenant's users",
            description = "Ordered by id. For the next page pass the last id of this page as after; a page shorter than limit is the last.")
    @APIResponse(responseCode = "200", description = "the page")
    @APIResponse(responseCode = "400", description = "malformed limit, after or filter (problem+json)")
    @APIResponse(responseCode = "401", description = "missing or wrong operator credential")
    public Uni<List<UserSummary>> list(
            @PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @Parameter(description = "only users with this email (case-insensitive)")
            @QueryParam("email") @Size(max = 1024) String email,
            @Parameter(description = "only users with an account of this connection")
            @QueryParam("connection_id") @Pattern(regexp = Patterns.CONNECTION_ID) String connectionId,
            @Parameter(description = "page size, 1 to 200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "cursor: the last user id of the previous page") @QueryParam("after") String after) {
        return directory.list(tenant, blankToNull(email), blankToNull(connectionId), QueryParams.uuid("after", after),
                QueryParams.limit(limit));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a user with every role grant's source and every upstream account")
    @APIResponse(responseCode = "200", description = "the user")
    @APIResponse(responseCode = "404", description = "the tenant has no such user")
    public Uni<UserDetail> get(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @PathParam("id") String id) {
        return directory.get(tenant, userId(id));
    }

    /** A user id that is not a UUID names no user. */
    private static UUID userId(String id) {
        try {
            return QueryParams.uuid("id", id);
        } catch (ApiException.BadRequest e) {
            throw new ApiException.NotFound("no user " + id.replaceAll("[^A-Za-z0-9-]", "?"));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
