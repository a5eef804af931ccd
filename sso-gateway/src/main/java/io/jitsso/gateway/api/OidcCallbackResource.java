package io.jitsso.gateway.api;

import io.jitsso.gateway.config.GatewayConfig;
import io.jitsso.gateway.protocol.oidc.OidcIdentityReader;
import io.jitsso.gateway.service.AuthorizationService;
import io.jitsso.gateway.service.SignInOutcome;
import io.jitsso.gateway.service.SignInCompletion;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The redirect URI registered at upstream IdPs. quarkus-oidc owns the request until the code flow
 * is complete (the authorization endpoint already sent the browser upstream with quarkus-oidc's
 * challenge; a visit without a code, such as a reload, gets that challenge here);
 * this resource only ever sees a verified upstream identity, and finishes the sign-in: the identity
 * is mapped and judged, the app's pending request is taken (once) in the sign-in's transaction, and
 * the browser goes back to the app with a code, or sees why it was denied.
 */
@Path("/oidc/{connection}/callback")
@Tag(name = "Sign-in")
public class OidcCallbackResource {

    private final AuthorizationService authorization;
    private final SignInCompletion signIns;
    private final OidcIdentityReader reader;
    private final SecurityIdentity identity;
    private final boolean secure;

    OidcCallbackResource(AuthorizationService authorization, SignInCompletion signIns, OidcIdentityReader reader,
            SecurityIdentity identity, GatewayConfig config) {
        this.authorization = authorization;
        this.signIns = signIns;
        this.reader = reader;
        this.identity = identity;
        this.secure = config.publicBaseUrl().startsWith("https:");
    }

    @GET
    @Authenticated
    @Operation(summary = "Upstream OIDC redirect URI (the code flow's callback)")
    public Uni<Response> callback(@PathParam("connection") String connectionId,
            @CookieParam(SignInCookie.NAME) String handle, RoutingContext routing) {
        forgetUpstreamSession(routing, connectionId);
        return authorization.resume(connectionId, handle)
                .chain(resumed -> signIns.complete(resumed.request(), resumed.connection(),
                        reader.read(identity, resumed.connection()), ClientAddress.of(routing.request())))
                .map(outcome -> respond(connectionId, outcome));
    }

    private Response respond(String connectionId, SignInOutcome outcome) {
        return SignInEnd.respond(outcome, SignInCookie.clear(connectionId, secure));
    }

    /** quarkus-oidc has just written its session cookie: the gateway keeps no session, so it goes. */
    private static void forgetUpstreamSession(RoutingContext routing, String connectionId) {
        routing.response().removeCookies("q_session_" + connectionId, true);
        routing.request().cookies().forEach(cookie -> {
            if (cookie.getName().startsWith("q_session")) {
                routing.response().removeCookies(cookie.getName(), true);
            }
        });
    }
}
