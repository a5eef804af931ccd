package io.jitsso.gateway.api;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.gateway.config.GatewayConfig;
import io.jitsso.gateway.protocol.oidc.ConnectionTenantResolver;
import io.jitsso.gateway.service.AuthorizationRequest;
import io.jitsso.gateway.service.AuthorizationService;
import io.jitsso.gateway.service.SignInStart;
import io.quarkus.oidc.runtime.OidcAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Where browsers start a sign-in: the app-facing authorization endpoint (the {@code authorization_endpoint}
 * of session-service's discovery document) and connections' login URLs. Both send the browser
 * straight on to the connection's upstream IdP: for OIDC with quarkus-oidc's own authorization request
 * (its challenge, asked for here, with its state cookie for the callback path, where it finishes the
 * code flow), for SAML with an AuthnRequest.
 */
@Path("/")
@Tag(name = "Sign-in")
public class SignInResource {

    private static final List<String> SINGLE_VALUED = List.of("client_id", "redirect_uri", "response_type", "state",
            "nonce", "code_challenge", "code_challenge_method", "connection");

    private final AuthorizationService authorization;
    private final OidcAuthenticationMechanism oidc;
    private final boolean secure;
    private final int cookieMaxAge;

    SignInResource(AuthorizationService authorization, OidcAuthenticationMechanism oidc, GatewayConfig config) {
        this.authorization = authorization;
        this.oidc = oidc;
        this.secure = config.publicBaseUrl().startsWith("https:");
        this.cookieMaxAge = (int) config.signIn().requestLifetime().toSeconds();
    }

    @GET
    @Path("/t/{tenant}/authorize")
    @Operation(summary = "OIDC authorization endpoint for the tenant's apps (code flow with PKCE S256; connection=<id>)")
    public Uni<Response> authorize(@PathParam("tenant") String tenant, UriInfo uri, RoutingContext routing) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        String duplicated = SINGLE_VALUED.stream().filter(name -> query.get(name) != null && query.get(name).size() > 1)
                .findFirst().orElse(null);
        AuthorizationRequest request = new AuthorizationRequest(query.getFirst("response_type"), query.getFirst("client_id"),
                query.getFirst("redirect_uri"), query.getFirst("state"), query.getFirst("nonce"),
                query.getFirst("code_challenge"), query.getFirst("code_challenge_method"), query.getFirst("connection"),
                duplicated);
        return authorization.authorize(tenant, request).chain(start -> respond(start, routing));
    }

    @GET
    @Path("/login/{tenant}/{key}")
    @Operation(summary = "A connection's login URL: signs into the connection's app")
    public Uni<Response> login(@PathParam("tenant") String tenant, @PathParam("key") String key, RoutingContext routing) {
        return authorization.loginUrl(tenant, key).chain(start -> respond(start, routing));
    }

    private Uni<Response> respond(SignInStart start, RoutingContext routing) {
        if (start instanceof SignInStart.ToUpstream upstream) {
            String id = upstream.connectionId();
            if (upstream.saml()) {
                return Uni.createFrom().item(toUpstream(upstream.location(),
                        SignInCookie.setSaml(id, upstream.handle(), cookieMaxAge, secure)));
            }
            return upstreamAuthorizationRequest(id, routing)
                    .map(location -> toUpstream(location, SignInCookie.set(id, upstream.handle(), cookieMaxAge, secure)));
        }
        SignInStart.ErrorToApp error = (SignInStart.ErrorToApp) start;
        return Uni.createFrom().item(
                Response.status(Response.Status.FOUND).location(error.location()).header("Cache-Control", "no-store").build());
    }

    /**
     * quarkus-oidc's challenge for the connection's tenant, as on a first visit to the callback path, but
     * without that extra browser round trip: it writes its state cookie (PKCE verifier and nonce, encrypted,
     * scoped to the callback path) on this response and gives the upstream authorization request's URL.
     * A browser that reloads the callback path without a code still gets the same challenge there.
     */
    private Uni<URI> upstreamAuthorizationRequest(String connectionId, RoutingContext routing) {
        routing.put(ConnectionTenantResolver.CHALLENGE_CONNECTION, connectionId);
        return oidc.getChallenge(routing).map(challenge -> {
            String location = challenge == null || challenge.status != Response.Status.FOUND.getStatusCode() ? null
                    : challenge.getHeaders().entrySet().stream()
                            .filter(header -> "Location".equalsIgnoreCase(header.getKey().toString()))
                            .map(Map.Entry::getValue).findFirst().orElse(null);
            if (location == null) {
                throw new ApiException.BadGateway("The sign-in connection could not start a sign-in at its identity provider.");
            }
            return URI.create(location);
        });
    }

    private static Response toUpstream(URI location, NewCookie handle) {
        return Response.status(Response.Status.FOUND)
                .location(location)
                .cookie(handle)
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }
}
