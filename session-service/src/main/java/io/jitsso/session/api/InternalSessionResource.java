package io.jitsso.session.api;

import io.jitsso.session.service.AdminTokenStanding;
import io.jitsso.session.service.AppService;
import io.jitsso.session.service.AuthorizationService;
import io.jitsso.session.service.SessionService;
import io.jitsso.session.service.TokenService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.http.CanonicalUuid;

/**
 * Service-to-service API (internal credential; never routed by the ingress): other services open
 * sessions after they authenticated a user, and revoke a connection's sessions on disconnect.
 */
@Path("/internal/v1")
@Tag(name = "Internal")
public class InternalSessionResource {

    private static final int MAX_CLAIMS_BYTES = 8192;
    private final SessionService sessions;
    private final AuthorizationService authorization;
    private final AppService apps;
    private final AdminTokenStanding standing;

    InternalSessionResource(SessionService sessions, AuthorizationService authorization, AppService apps,
            AdminTokenStanding standing) {
        this.sessions = sessions;
        this.authorization = authorization;
        this.apps = apps;
        this.standing = standing;
    }

    public record OpenSession(
            @NotBlank @Pattern(regexp = Patterns.TENANT_ID) String tenantId,
            @NotBlank @Size(max = 255) String subject,
            @NotEmpty @Size(max = 10) List<@NotNull @Pattern(regexp = Patterns.AMR) String> amr,
            @Pattern(regexp = Patterns.CONNECTION_ID) String connectionId,
            Map<String, Object> claims,
            @Valid Authorization authorization) {
    }

    /**
     * The app's validated authorization request: with it, the answer carries a single-use code for
     * the app instead of the bearer session id, which only the app's backend receives.
     */
    public record Authorization(
            @NotBlank @Pattern(regexp = Patterns.CLIENT_ID) String clientId,
            @NotBlank @Size(max = 2000) String redirectUri,
            @Size(max = 128) String codeChallenge,
            @Size(max = 16) String codeChallengeMethod,
            @Size(max = 512) String nonce) {
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record OpenedSession(String sessionId, String code, String id, Instant expiresAt) {
    }

    /** A session to open for an app that gets its tokens at once (the app's credential was checked by the caller). */
    public record OpenSessionForApp(
            @NotBlank @Pattern(regexp = Patterns.TENANT_ID) String tenantId,
            @NotBlank @Size(max = 255) String subject,
            @NotEmpty @Size(max = 10) List<@NotNull @Pattern(regexp = Patterns.AMR) String> amr,
            @Pattern(regexp = Patterns.CONNECTION_ID) String connectionId,
            Map<String, Object> claims,
            @NotBlank @Pattern(regexp = Patterns.CLIENT_ID) String clientId) {
    }

    /** The bearer session id (once) and the app's tokens, as silent authentication would answer them. */
    public record SessionWithTokens(String sessionId, String id, Instant expiresAt, String idToken, String accessToken,
            String tokenType, long expiresIn) {
    }

    /** An app's public registration; its required roles let a caller refuse early what the code would be refused for. */
    public record AppInfo(String clientId, String name, List<String> redirectUris, List<String> requiredRoles,
            String requiredRolesMode) {
    }

    public record Revoked(int revoked) {
    }

    @POST
    @Path("/sessions")
    @Operation(summary = "Open an IdP session for an authenticated subject; returns the bearer session_id once")
    public Uni<Response> open(@Valid @NotNull OpenSession request) {
        JsonObject claims = request.claims() == null ? new JsonObject() : new JsonObject(request.claims());
        checkClaims(claims);
        SessionService.OpenRequest open = new SessionService.OpenRequest(request.tenantId(), request.subject(),
                request.amr(), request.connectionId(), claims);
        Uni<OpenedSession> opened = request.authorization() == null
                ? sessions.open(open).map(session -> new OpenedSession(session.sessionId(), null,
                        session.session().id().toString(), session.session().expiresAt()))
                : authorization.openWithCode(open, new AuthorizationService.AuthorizationRequest(
                                request.authorization().clientId(), request.authorization().redirectUri(),
                                request.authorization().codeChallenge(), request.authorization().codeChallengeMethod(),
                                request.authorization().nonce()))
                        .map(issued -> new OpenedSession(null, issued.code(), issued.session().id().toString(),
                                issued.session().expiresAt()));
        return opened.map(body -> Response.status(201).type(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store").entity(body).build());
    }

    @POST
    @Path("/sessions/with-tokens")
    @Operation(summary = "Open an IdP session and mint one app's ID and access tokens from it, in one transaction")
    public Uni<Response> openWithTokens(@Valid @NotNull OpenSessionForApp request) {
        JsonObject claims = request.claims() == null ? new JsonObject() : new JsonObject(request.claims());
        checkClaims(claims);
        return sessions.openWithTokens(new SessionService.OpenRequest(request.tenantId(), request.subject(), request.amr(),
                        request.connectionId(), claims), request.clientId())
                .map(opened -> Response.status(201).type(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store")
                        .entity(new SessionWithTokens(opened.sessionId(), opened.session().id().toString(),
                                opened.session().expiresAt(), opened.tokens().idToken(), opened.tokens().accessToken(),
                                "Bearer", opened.tokens().expiresIn()))
                        .build());
    }

    @jakarta.ws.rs.GET
    @Path("/tenants/{tenant}/apps/{clientId}")
    @Operation(summary = "An app's public registration (redirect URIs, required roles), for validating authorization requests")
    public Uni<AppInfo> app(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @PathParam("clientId") @Pattern(regexp = Patterns.CLIENT_ID) String clientId) {
        return apps.get(tenant, clientId).map(app -> new AppInfo(app.clientId(), app.name(), app.redirectUris(),
                app.requiredRoles().roles(), app.requiredRoles().mode().wireName()));
    }

    @POST
    @Path("/tenants/{tenant}/connections/{connection}/sessions/revocation")
    @Operation(summary = "Revoke every live session opened through a connection (disconnect)")
    public Uni<Revoked> revokeConnection(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @PathParam("connection") @Pattern(regexp = Patterns.CONNECTION_ID) String connection) {
        return sessions.revokeConnection(tenant, connection, "connection_disconnected").map(Revoked::new);
    }

    /**
     * Revoke the live sessions of one subject (the gateway, when the access policy denies a user): all of them, or, with
     * {@code grantedRoles} (an app's denial, ADR-33), only those whose {@code roles} claim holds a role outside it: the
     * sessions that carry a role the user's IdP no longer grants.
     */
    public record SubjectRevocation(@NotBlank @Size(max = 255) String subject, @Size(max = 64) String reason,
            @Size(max = 100) List<@NotNull @Pattern(regexp = Patterns.ROLE) String> grantedRoles) {
    }

    @POST
    @Path("/tenants/{tenant}/sessions/revocation")
    @Operation(summary = "Revoke a subject's live sessions: all, or those carrying a role outside granted_roles")
    public Uni<Revoked> revokeSubject(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @Valid @NotNull SubjectRevocation request) {
        String reason = request.reason() == null ? "policy_denied" : request.reason();
        return sessions.revokeSubject(tenant, request.subject(), request.grantedRoles(), reason).map(Revoked::new);
    }

    /** Whether what an admin access token was issued from still stands (ADR-28). */
    public record Standing(boolean active) {
    }

    @jakarta.ws.rs.GET
    @Path("/tenants/{tenant}/sessions/{id}/status")
    @Operation(summary = "Whether a session (by the sid of the tokens minted from it) is this tenant's and live")
    public Uni<Standing> sessionStatus(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @PathParam("id") String id) {
        return standing.sessionLive(tenant, sessionId(id)).map(Standing::new);
    }

    @jakarta.ws.rs.GET
    @Path("/tenants/{tenant}/break-glass/status")
    @Operation(summary = "Whether the tenant's break-glass account is enabled at a credential version")
    public Uni<Standing> breakGlassStatus(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @QueryParam("version") String version) {
        return standing.breakGlassStands(tenant, credentialVersion(version)).map(Standing::new);
    }

    private static UUID sessionId(String id) {
        UUID parsed = CanonicalUuid.parse(id);
        if (parsed == null) {
            throw ApiException.BadRequest.field("id", "a session id (UUID, lower case)");
        }
        return parsed;
    }

    private static long credentialVersion(String version) {
        try {
            long parsed = version == null ? 0 : Long.parseLong(version);
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.BadRequest.field("version", "a credential version (a whole number from 1)");
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
        // apps' required roles are checked on it, in Java and in SQL alike (ADR-33): only a list of strings
        Object roles = claims.getValue("roles");
        if (roles != null && !(roles instanceof JsonArray array && array.stream().allMatch(String.class::isInstance))) {
            throw ApiException.BadRequest.field("claims", "roles must be a list of role names");
        }
    }
}
