package io.jitsso.gateway.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * session-service's internal API as the gateway uses it (bearer: the internal token). Built by
 * {@link SessionServiceClient}, which also maps its failures.
 */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface SessionServiceApi {

    /** An app's registration; its required roles (ADR-33) are null from a session-service that predates them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AppRegistration(String clientId, String name, List<String> redirectUris, List<String> requiredRoles,
            String requiredRolesMode) {

        public AppRegistration(String clientId, String name, List<String> redirectUris) {
            this(clientId, name, redirectUris, null, null);
        }

        /** Whether a sign-in that carries no role may have this app's code (a migration's does not, ADR-33). */
        public boolean admitsNoRole() {
            return requiredRoles == null || requiredRoles.isEmpty();
        }
    }

    /** The app's authorization request; both PKCE fields null for a login-URL sign-in. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Authorization(String clientId, String redirectUri, String codeChallenge, String codeChallengeMethod,
            String nonce) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OpenSession(String tenantId, String subject, List<String> amr, String connectionId,
            Map<String, Object> claims, Authorization authorization) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record IssuedCode(String code, String id, Instant expiresAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Revoked(int revoked) {
    }

    @GET
    @Path("/tenants/{tenant}/apps/{clientId}")
    Uni<AppRegistration> app(@PathParam("tenant") String tenant, @PathParam("clientId") String clientId);

    @POST
    @Path("/sessions")
    Uni<IssuedCode> open(OpenSession request);

    /** {@code grantedRoles}: only the sessions carrying a role outside them end (an app's denial, ADR-33); null: all. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SubjectRevocation(String subject, String reason, List<String> grantedRoles) {
    }

    @POST
    @Path("/tenants/{tenant}/sessions/revocation")
    Uni<Revoked> revokeSubject(@PathParam("tenant") String tenant, SubjectRevocation revocation);

    @POST
    @Path("/tenants/{tenant}/connections/{connection}/sessions/revocation")
    Uni<Revoked> revokeConnection(@PathParam("tenant") String tenant, @PathParam("connection") String connection);
}
