package io.jitsso.session.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.session.config.SessionConfig;
import io.jitsso.session.crypto.JwsAlgorithm;
import io.jitsso.session.service.KeyRing;
import io.jitsso.session.service.TokenService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Per-tenant OpenID Provider metadata and JWKS, so apps validate tokens with standard libraries. */
@Path("/t/{tenant}")
@Tag(name = "Discovery")
public class DiscoveryResource {

    private static final java.util.regex.Pattern TENANT = java.util.regex.Pattern.compile(Patterns.TENANT_ID);
    private static final List<String> ALGORITHMS = Arrays.stream(JwsAlgorithm.values()).map(Enum::name).toList();

    private final KeyRing keyRing;
    private final TokenService tokens;
    private final SessionConfig config;

    DiscoveryResource(KeyRing keyRing, TokenService tokens, SessionConfig config) {
        this.keyRing = keyRing;
        this.tokens = tokens;
        this.config = config;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProviderMetadata(
            String issuer,
            String authorizationEndpoint,
            String jwksUri,
            String tokenEndpoint,
            List<String> tokenEndpointAuthMethodsSupported,
            List<String> grantTypesSupported,
            List<String> responseTypesSupported,
            List<String> subjectTypesSupported,
            List<String> idTokenSigningAlgValuesSupported,
            List<String> codeChallengeMethodsSupported,
            List<String> claimsSupported,
            String sessionAuthenticateEndpoint,
            String sessionLogoutEndpoint,
            boolean authorizationResponseIssParameterSupported) {
    }

    public record Jwks(List<Map<String, String>> keys) {
    }

    @GET
    @Path("/.well-known/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "OpenID Provider metadata of the tenant")
    public Uni<Response> configuration(@PathParam("tenant") String tenant) {
        return published(tenant).map(keys -> {
            String issuer = tokens.issuer(tenant);
            ProviderMetadata metadata = new ProviderMetadata(issuer,
                    config.gatewayBaseUrl() + "/t/" + tenant + "/authorize", issuer + "/jwks", issuer + "/oauth2/token",
                    List.of("client_secret_basic", "client_secret_post"), List.of("authorization_code", "client_credentials"),
                    List.of("code"), List.of("public"), ALGORITHMS, List.of("S256"),
                    List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "amr", "sid", "azp", "nonce"),
                    config.issuerBaseUrl() + "/v1/auth/session/authenticate",
                    config.issuerBaseUrl() + "/v1/auth/session/logout",
                    // the gateway adds iss to authorization responses (RFC 9207)
                    true);
            return Response.ok(metadata).header("Cache-Control", "public, max-age=300").build();
        });
    }

    @GET
    @Path("/jwks")
    @Produces({"application/jwk-set+json", MediaType.APPLICATION_JSON})
    @Operation(summary = "The tenant's published signing keys (active and recently retired)")
    public Uni<Response> jwks(@PathParam("tenant") String tenant) {
        // short max-age: relying parties refetch on an unknown kid anyway, this bounds the rest
        return published(tenant).map(keys -> Response.ok(new Jwks(keys.jwks()))
                .type(MediaType.APPLICATION_JSON).header("Cache-Control", "public, max-age=60").build());
    }

    private Uni<KeyRing.TenantKeys> published(String tenant) {
        if (!TENANT.matcher(tenant).matches()) {
            throw new ApiException.NotFound("no such tenant");
        }
        return keyRing.keys(tenant).invoke(keys -> {
            if (keys.jwks().isEmpty()) {
                throw new ApiException.NotFound("no such tenant");
            }
        });
    }
}
