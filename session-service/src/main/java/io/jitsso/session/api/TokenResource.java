package io.jitsso.session.api;

import io.jitsso.contracts.http.FormBody;
import io.jitsso.session.error.OAuthException;
import io.jitsso.session.service.AppView;
import io.jitsso.session.service.AuthorizationService;
import io.jitsso.session.service.ClientAuthenticator;
import io.jitsso.session.service.KeyRing;
import io.jitsso.session.service.TokenService;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * OAuth 2.0 token endpoint of a tenant. This service serves the client-credentials grant; the
 * authorization-code grant of the gateway's sign-in flow joins it later. Errors use OAuth's format.
 */
@Path("/t/{tenant}/oauth2/token")
@Tag(name = "OAuth 2.0")
public class TokenResource {

    private static final java.util.regex.Pattern TENANT = java.util.regex.Pattern.compile(Patterns.TENANT_ID);

    private final ClientAuthenticator authenticator;
    private final KeyRing keyRing;
    private final TokenService tokens;
    private final AuthorizationService authorization;
    private final MeterRegistry metrics;

    TokenResource(ClientAuthenticator authenticator, KeyRing keyRing, TokenService tokens,
            AuthorizationService authorization, MeterRegistry metrics) {
        this.authenticator = authenticator;
        this.keyRing = keyRing;
        this.tokens = tokens;
        this.authorization = authorization;
        this.metrics = metrics;
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record TokenResponse(String accessToken, String tokenType, long expiresIn, String idToken, String sessionId) {
    }

    private record ClientCredentials(String clientId, String secret, boolean viaHeader) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Token endpoint: client_credentials, and authorization_code with PKCE (client_secret_basic or client_secret_post)")
    public Uni<Response> token(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String form) {
        Map<String, String> params = singleValued(form);
        ClientCredentials credentials = credentials(authorization, params);
        String grantType = params.get("grant_type");
        if (grantType == null || grantType.isEmpty()) {
            throw OAuthException.invalidRequest("grant_type is required");
        }
        boolean clientCredentials = "client_credentials".equals(grantType);
        if (!clientCredentials && !"authorization_code".equals(grantType)) {
            throw OAuthException.unsupportedGrantType(grantType);
        }
        if (clientCredentials && params.containsKey("scope")) {
            throw OAuthException.invalidScope("this grant takes no scope");
        }
        if (!TENANT.matcher(tenant).matches()) {
            throw OAuthException.invalidClient(credentials.viaHeader());
        }
        Instant now = Instant.now();
        Uni<AppView> client = authenticator.authenticate(tenant, credentials.clientId(), credentials.secret())
                .map(result -> authenticatedApp(result, grantType, credentials.viaHeader()));
        Uni<TokenResponse> issued = clientCredentials
                ? client.chain(app -> clientCredentials(app, now))
                : client.chain(app -> authorizationCode(app, params));
        return issued.map(response -> {
            metrics.counter("jitsso.tokens_issued", "grant", grantType).increment();
            return Response.ok(response).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
        });
    }

    /** The app, or the OAuth error for a refused or throttled client (Java 17: no pattern switch yet). */
    private AppView authenticatedApp(ClientAuthenticator.Result result, String grantType, boolean viaHeader) {
        if (result instanceof ClientAuthenticator.Authenticated authenticated) {
            return authenticated.app();
        }
        if (result instanceof ClientAuthenticator.Throttled throttled) {
            metrics.counter("jitsso.token_requests_throttled", "grant", grantType).increment();
            throw OAuthException.clientThrottled(throttled.retryAfterSeconds());
        }
        metrics.counter("jitsso.token_requests_rejected", "grant", grantType).increment();
        throw OAuthException.invalidClient(viaHeader);
    }

    private Uni<TokenResponse> clientCredentials(AppView app, Instant now) {
        return keyRing.keys(app.tenantId()).map(keys -> new TokenResponse(
                tokens.clientAccessToken(keys, app, now), "Bearer", tokens.accessTokenLifetimeSeconds(), null, null));
    }

    private Uni<TokenResponse> authorizationCode(AppView app, Map<String, String> params) {
        return authorization.exchange(app, params.get("code"), params.get("redirect_uri"), params.get("code_verifier"))
                .map(exchanged -> new TokenResponse(exchanged.tokens().accessToken(), "Bearer",
                        exchanged.tokens().expiresIn(), exchanged.tokens().idToken(), exchanged.sessionId()));
    }

    /** The body's parameters, each once (RFC 6749 3.2); a malformed body is an invalid_request. */
    private static Map<String, String> singleValued(String form) {
        try {
            return FormBody.singleValued(form);
        } catch (FormBody.Malformed malformed) {
            throw OAuthException.invalidRequest(malformed.getMessage());
        }
    }

    private static ClientCredentials credentials(String authorization, Map<String, String> params) {
        boolean inBody = params.containsKey("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (inBody) {
                throw OAuthException.invalidRequest("use one client authentication method, not two");
            }
            return basic(authorization.substring(6).trim());
        }
        if (authorization != null) {
            throw OAuthException.invalidClient(true);
        }
        String clientId = params.get("client_id");
        String secret = params.get("client_secret");
        if (clientId == null || !CLIENT_ID_SHAPE.matcher(clientId).matches() || secret == null || secret.isEmpty()) {
            throw OAuthException.invalidClient(false);
        }
        return new ClientCredentials(clientId, secret, false);
    }

    /**
     * No registered client id has another shape; any other is refused before the app lookup, whose per-replica
     * cache keeps unknown ids too and must not be filled with 60 KB ones.
     */
    private static final Pattern CLIENT_ID_SHAPE = Pattern.compile(Patterns.CLIENT_ID);

    /** RFC 6749 section 2.3.1: id and secret are form-urlencoded before Base64. */
    private static ClientCredentials basic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0 || colon == decoded.length() - 1) {
                throw OAuthException.invalidClient(true);
            }
            String clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            if (!CLIENT_ID_SHAPE.matcher(clientId).matches()) {
                throw OAuthException.invalidClient(true);
            }
            return new ClientCredentials(clientId, secret, true);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClient(true);
        }
    }
}
