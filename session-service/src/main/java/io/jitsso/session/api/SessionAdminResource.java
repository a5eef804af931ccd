package io.jitsso.session.api;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.session.persistence.SessionRecord;
import io.jitsso.session.service.SessionService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Session administration (SPEC C7): list a user's sessions, revoke one, all of a user, or a connection's. */
@Path("/admin/v1/tenants/{tenant}/sessions")
@Tag(name = "Operator: sessions")
public class SessionAdminResource {

    private final SessionService sessions;

    SessionAdminResource(SessionService sessions) {
        this.sessions = sessions;
    }

    /** A session as administrators see it: never its bearer id. */
    public record SessionView(String id, String subject, String connectionId, List<String> amr,
            Instant createdAt, Instant authenticatedAt, Instant lastUsedAt, Instant expiresAt) {

        static SessionView of(SessionRecord record) {
            return new SessionView(record.id().toString(), record.subject(), record.connectionId(), record.amr(),
                    record.createdAt(), record.authenticatedAt(), record.lastUsedAt(), record.expiresAt());
        }
    }

    /** Exactly one of subject or connection_id. */
    public record Revocation(@Size(max = 255) String subject,
            @Pattern(regexp = Patterns.CONNECTION_ID) String connectionId,
            @Size(max = 64) String reason) {
    }

    public record Revoked(int revoked) {
    }

    @GET
    @Operation(summary = "List a user's live sessions")
    public Uni<List<SessionView>> list(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @QueryParam("subject") @NotBlank @Size(max = 255) String subject) {
        return sessions.listLive(tenant, subject).map(list -> list.stream().map(SessionView::of).toList());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke one session")
    public Uni<Response> revoke(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @PathParam("id") String id) {
        return sessions.revoke(tenant, parseId(id)).map(ignored -> Response.noContent().build());
    }

    @POST
    @Path("/revocations")
    @Operation(summary = "Revoke all live sessions of a user, or of a connection")
    public Uni<Revoked> revokeMany(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @Valid @NotNull Revocation request) {
        boolean bySubject = request.subject() != null && !request.subject().isBlank();
        boolean byConnection = request.connectionId() != null && !request.connectionId().isBlank();
        if (bySubject == byConnection) {
            throw new ApiException.BadRequest("give exactly one of subject or connection_id", List.of(
                    new ApiException.FieldError("subject", "exactly one of subject or connection_id"),
                    new ApiException.FieldError("connection_id", "exactly one of subject or connection_id")));
        }
        String reason = request.reason() == null ? "admin" : request.reason();
        Uni<Integer> revoked = bySubject
                ? sessions.revokeSubject(tenant, request.subject(), null, reason)
                : sessions.revokeConnection(tenant, request.connectionId(), reason);
        return revoked.map(Revoked::new);
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException.NotFound("no session " + id);
        }
    }
}
