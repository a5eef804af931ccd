package io.jitsso.migration.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitsso.migration.service.RedirectMigration;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The gateway's half of a redirect migration (internal API, internal token): the gateway verified the
 * user at the legacy IdP through a connection a redirect source names, and asks for the migrated user
 * to open the session for.
 */
@Path("/internal/v1/tenants/{tenant}/redirect-migrations")
public class RedirectMigrationResource {

    /**
     * The identity the gateway verified. {@code profile} holds the normalized fields ({@code email},
     * {@code email_verified}, {@code given_name}, {@code family_name}, {@code name}, and the connection's
     * custom attributes by name) that the source's attribute mapping reads.
     */
    public record HandoffRequest(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}", message = "is not a connection id") String connectionId,
            @NotBlank @Size(max = 255) String subject,
            @Size(max = 255) String clientId,
            @NotNull ObjectNode profile,
            @Size(max = 16) List<@NotBlank @Size(max = 32) String> amr,
            @Size(max = 64) String clientAddress) {
        @Override
        public String toString() {
            return "HandoffRequest[" + connectionId + "]";
        }
    }

    public record HandoffResponse(String userId, String sourceId, String connectionId, boolean migrated,
            Map<String, Object> claims) {
        @Override
        public String toString() {
            return "HandoffResponse[" + userId + "]";
        }
    }

    private final RedirectMigration migration;

    RedirectMigrationResource(RedirectMigration migration) {
        this.migration = migration;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Migrate (or find) the user a redirect sign-in verified at the legacy IdP")
    public Uni<Response> migrate(@PathParam("tenant") String tenant, @Valid @NotNull HandoffRequest request) {
        return migration.migrate(Patterns.tenant(tenant), new RedirectMigration.Handoff(request.connectionId(),
                        request.subject(), request.clientId(), request.profile(), request.amr() == null ? List.of() : request.amr(),
                        request.clientAddress()))
                .map(migrated -> Response.ok(new HandoffResponse(migrated.userId().toString(), migrated.sourceId(),
                        migrated.connectionId(), migrated.created(), migrated.claims())).header("Cache-Control", "no-store").build());
    }
}
