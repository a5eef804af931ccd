package io.jitsso.session.api;

import io.jitsso.contracts.http.PagingParams;
import io.jitsso.session.persistence.BreakGlassStore;
import io.jitsso.session.service.BreakGlassService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The operator manages a tenant's break-glass admin (set, rotate, disable); the tenant's admins may
 * read its audit trail. The password is never returned.
 */
@Path("/admin/v1/tenants/{tenant}/break-glass")
@Tag(name = "Operator: break-glass admin")
public class BreakGlassAdminResource {

    private final BreakGlassService breakGlass;

    BreakGlassAdminResource(BreakGlassService breakGlass) {
        this.breakGlass = breakGlass;
    }

    public record Credentials(
            @NotNull @Pattern(regexp = Patterns.USERNAME, message = "lowercase letters, digits, '.', '_' and '-', up to 64") String username,
            @NotNull @Size(min = 16, max = 256, message = "16 to 256 characters") String password) {
    }

    public record AccountView(String username, boolean enabled, boolean locked, Instant lockedUntil, Instant createdAt,
            Instant updatedAt) {

        static AccountView of(BreakGlassStore.Account account) {
            Instant now = Instant.now();
            return new AccountView(account.username(), account.enabled(), account.lockedAt(now),
                    account.lockedAt(now) ? account.lockedUntil() : null, account.createdAt(), account.updatedAt());
        }
    }

    @PUT
    @Operation(summary = "Create the tenant's break-glass admin or rotate its credentials (enables and unlocks it)")
    public Uni<AccountView> set(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @Valid @NotNull Credentials credentials) {
        return breakGlass.set(tenant, credentials.username(), credentials.password()).map(AccountView::of);
    }

    @GET
    @Operation(summary = "The tenant's break-glass admin (never its password)")
    public Uni<AccountView> get(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant) {
        return breakGlass.get(tenant).map(AccountView::of);
    }

    @DELETE
    @Operation(summary = "Disable the tenant's break-glass admin; its audit trail stays")
    public Uni<Response> disable(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant) {
        return breakGlass.disable(tenant).replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/audit")
    @Operation(summary = "Every change and sign-in of the tenant's break-glass admin, newest first")
    public Uni<List<BreakGlassStore.AuditEntry>> audit(
            @PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @QueryParam("before") String before, @QueryParam("limit") String limit) {
        return breakGlass.auditTrail(tenant, PagingParams.cursor("before", before), PagingParams.limit(limit, 200));
    }
}
