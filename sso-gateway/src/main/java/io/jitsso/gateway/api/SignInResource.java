package io.jitsso.gateway.api;

import io.jitsso.gateway.config.GatewayConfig;
import io.jitsso.gateway.protocol.oidc.ConnectionTenantResolver;
import io.jitsso.gateway.service.AuthorizationRequest;
import io.jitsso.gateway.service.AuthorizationService;
import io.jitsso.gateway.service.SignInStart;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Where browsers start a sign-in: the app-facing authorization endpoint (the {@code authorization_endpoint}
 * of session-service's discovery document) and connections' login URLs. Both send the browser
 * on to the connection's upstream IdP: through the callback path where quarkus-oidc runs the code flow,
 * or straight to a SAML IdP with an AuthnRequest.
 */
@Path("/")
@Tag(name = "Sign-in")
public class SignInResource {

    private static final List<String> SINGLE_VALUED = List.of("client_id", "redirect_uri", "response_type", "state",
            "nonce", "code_challenge", "code_challenge_method", "connection");

    private final AuthorizationService authorization;
    private final String publicBaseUrl;
    private final boolean secure;
    private final int cookieMaxAge;

    SignInResource(AuthorizationService authorization, GatewayConfig config) {
        this.authorization = authorization;
        String base = config.publicBaseUrl();
        this.publicBaseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.secure = publicBaseUrl.startsWith("https:");
        this.cookieMaxAge = (int) config.signIn().requestLifetime().toSeconds();
    }

    @GET
    @Path("/t/{tenant}/authorize")
    @Operation(summary = "OIDC authorization endpoint for the tenant's apps (code flow with PKCE S256; connection=<id>)")
    public Uni<Response> authorize(@PathParam("tenant") String tenant, UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        String duplicated = SINGLE_VALUED.stream().filter(name -> query.get(name) != null && query.get(name).size() > 1)
                .findFirst().orElse(null);
        AuthorizationRequest request = new AuthorizationRequest(query.getFirst("response_type"), query.getFirst("client_id"),
                query.getFirst("redirect_uri"), query.getFirst("state"), query.getFirst("nonce"),
                query.getFirst("code_challenge"), query.getFirst("code_challenge_method"), query.getFirst("connection"),
                duplicated);
        return authorization.authorize(tenant, request).map(this::respond);
    }

    @GET
    @Path("/login/{tenant}/{key}")
    @Operation(summary = "A connection's login URL: signs into the connection's app")
    public Uni<Response> login(@PathParam("tenant") String tenant, @PathParam("key") String key) {
        return authorization.loginUrl(tenant, key).map(this::respond);
    }

    private Response respond(SignInStart start) {
        if (start instanceof SignInStart.ToUpstream upstream) {
            String id = upstream.connectionId();
            URI next = upstream.saml() ? upstream.location()
                    : URI.create(publicBaseUrl + ConnectionTenantResolver.PATH_PREFIX + id + ConnectionTenantResolver.CALLBACK);
            return Response.status(Response.Status.FOUND)
                    .location(next)
                    .cookie(upstream.saml() ? SignInCookie.setSaml(id, upstream.handle(), cookieMaxAge, secure)
                            : SignInCookie.set(id, upstream.handle(), cookieMaxAge, secure))
                    .header("Cache-Control", "no-store")
                    .header("Referrer-Policy", "no-referrer")
                    .build();
        }
        SignInStart.ErrorToApp error = (SignInStart.ErrorToApp) start;
        return Response.status(Response.Status.FOUND).location(error.location()).header("Cache-Control", "no-store").build();
    }
}
