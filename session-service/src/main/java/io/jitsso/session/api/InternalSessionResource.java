package io.jitsso.session.api;

import io.jitsso.session.service.SessionService;
import io.jitsso.session.service.TokenService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.jitsso.session.error.ApiException;

/**
 * Service-to-service API (internal credential; never routed by the ingress): other services open
 * sessions after they authenticated a user, and revoke a connection's sessions on disconnect.
 */
@Path("/internal/v1")
@Tag(name = "Internal")
public class InternalSessionResource {

    private static final int MAX_CLAIMS_BYTES = 8192;
    private final SessionService sessions;

    InternalSessionResource(SessionService sessions) {
        this.sessions = sessions;
    }

    public record OpenSession(
            @NotBlank @Pattern(regexp = Patterns.TENANT_ID) String tenantId,
            @NotBlank @Size(max = 255) String subject,
            @NotEmpty @Size(max = 10) List<@NotNull @Pattern(regexp = Patterns.AMR) String> amr,
            @Pattern(regexp = Patterns.CONNECTION_ID) String connectionId,
            Map<String, Object> claims) {
    }

    public record OpenedSession(String sessionId, String id, Instant expiresAt) {
    }

    public record Revoked(int revoked) {
    }

    @POST
    @Path("/sessions")
    @Operation(summary = "Open an IdP session for an authenticated subject; returns the bearer session_id once")
    public Uni<Response> open(@Valid @NotNull OpenSession request) {
        JsonObject claims = request.claims() == null ? new JsonObject() : new JsonObject(request.claims());
        checkClaims(claims);
        return sessions.open(new SessionService.OpenRequest(request.tenantId(), request.subject(), request.amr(),
                        request.connectionId(), claims))
                .map(opened -> Response.status(201).type(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store")
                        .entity(new OpenedSession(opened.sessionId(), opened.session().id().toString(),
                                opened.session().expiresAt()))
                        .build());
    }

    @POST
    @Path("/tenants/{tenant}/connections/{connection}/sessions/revocation")
    @Operation(summary = "Revoke every live session opened through a connection (disconnect)")
    public Uni<Revoked> revokeConnection(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @PathParam("connection") @Pattern(regexp = Patterns.CONNECTION_ID) String connection) {
        return sessions.revokeConnection(tenant, connection, "connection_disconnected").map(Revoked::new);
    }

    private static void checkClaims(JsonObject claims) {
        if (claims.encode().length() > MAX_CLAIMS_BYTES) {
            throw ApiException.BadRequest.field("claims", "at most " + MAX_CLAIMS_BYTES + " bytes");
        }
        for (String name : claims.fieldNames()) {
            if (TokenService.RESERVED_CLAIMS.contains(name)) {
                throw ApiException.BadRequest.field("claims", name + " is set by the suite and cannot be supplied");
            }
        }
    }
}
