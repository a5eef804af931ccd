package io.jitsso.session.api;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.session.error.SessionNotFound;
import io.jitsso.session.service.BearerVerifier;
import io.jitsso.session.service.SessionService;
import io.jitsso.session.service.TokenService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Backend session API for apps (SPEC C2, C4): authenticate with a client access token, post the
 * user's {@code session_id}.
 */
@Path("/v1/auth/session")
@Tag(name = "Sessions (apps)")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SilentAuthResource {

    private final BearerVerifier bearer;
    private final SessionService sessions;

    SilentAuthResource(BearerVerifier bearer, SessionService sessions) {
        this.bearer = bearer;
        this.sessions = sessions;
    }

    public record SessionRequest(String sessionId) {
    }

    public record SilentAuthResponse(String idToken, String accessToken, String tokenType, long expiresIn) {
        static SilentAuthResponse of(TokenService.IssuedTokens tokens) {
            return new SilentAuthResponse(tokens.idToken(), tokens.accessToken(), "Bearer", tokens.expiresIn());
        }
    }

    @POST
    @Path("/authenticate")
    @Operation(summary = "Silent authentication: ID and access tokens for the calling app from a live session")
    public Uni<Response> authenticate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, SessionRequest request) {
        return bearer.verify(authorization)
                .chain(client -> sessions.authenticate(client, sessionId(request)))
                .map(tokens -> Response.ok(SilentAuthResponse.of(tokens)).header("Cache-Control", "no-store").build());
    }

    @POST
    @Path("/logout")
    @Operation(summary = "End the session for every app of the tenant (204; idempotent)")
    public Uni<Response> logout(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, SessionRequest request) {
        return bearer.verify(authorization)
                .chain(client -> sessions.logout(client, sessionId(request)))
                .map(ignored -> Response.noContent().build());
    }

    /** A missing or empty id gets the same "Session not found", with the field named. */
    private static String sessionId(SessionRequest request) {
        if (request == null || request.sessionId() == null || request.sessionId().isEmpty()) {
            throw new ApiException.BadRequest(SessionNotFound.MESSAGE,
                    List.of(new ApiException.FieldError("session_id", "is required")));
        }
        return request.sessionId();
    }
}
