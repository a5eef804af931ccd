package io.jitsso.gateway.service;

import io.jitsso.gateway.client.SessionServiceApi;
import io.jitsso.gateway.config.GatewayConfig;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.gateway.persistence.ConnectionStore;
import io.jitsso.gateway.persistence.PendingAuthorizationStore;
import io.jitsso.gateway.persistence.PendingAuthorizationStore.PendingAuthorization;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The start of a sign-in: an app's authorization request (authorization code + PKCE S256) or a
 * connection's login URL. The client and its redirect URI are checked against session-service's
 * registration before anything redirects anywhere: an unknown client or an unregistered redirect
 * URI gets an error page, never a redirect (no open redirect). Problems found after that go back
 * to the app as OAuth errors on its registered redirect URI. The accepted request waits in the
 * database for the upstream round trip, bound to the browser by a random handle.
 */
@ApplicationScoped
public class AuthorizationService {

    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern LOGIN_KEY = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final int MAX_STATE = 1000;
    private static final int MAX_NONCE = 512;

    private final AppRegistrations apps;
    private final ConnectionStore connections;
    private final PendingAuthorizationStore pending;
    private final ConnectionDirectory directory;
    private final SignInCompletion completion;
    private final SamlSignInService saml;
    private final Duration lifetime;
    private final AppIssuer issuer;

    AuthorizationService(AppRegistrations apps, ConnectionStore connections, PendingAuthorizationStore pending,
            ConnectionDirectory directory, SignInCompletion completion, SamlSignInService saml, GatewayConfig config) {
        this.apps = apps;
        this.connections = connections;
        this.pending = pending;
        this.directory = directory;
        this.completion = completion;
        this.saml = saml;
        this.lifetime = config.signIn().requestLifetime();
        this.issuer = new AppIssuer(config.issuerBaseUrl());
    }

    /** {@code GET /t/{tenant}/authorize}. */
    public Uni<SignInStart> authorize(String tenantId, AuthorizationRequest request) {
        checkClientParameters(tenantId, request);
        return apps.find(tenantId, request.clientId())
                .invoke(app -> checkRedirectUri(app, request))
                .chain(() -> protocolProblem(request) == null
                        ? toConnection(tenantId, request)
                        : Uni.createFrom().item(errorToApp(tenantId, request,
                                request.responseType() == null || "code".equals(request.responseType())
                                        ? "invalid_request" : "unsupported_response_type",
                                protocolProblem(request))));
    }

    /** The redirect URI must be exactly one the app registered: only then may anything redirect to it. */
    private static void checkRedirectUri(Optional<SessionServiceApi.AppRegistration> app, AuthorizationRequest request) {
        if (app.isEmpty()) {
            throw new ApiException.BadRequest("The application that sent you here is not registered.");
        }
        if (app.get().redirectUris() == null || !app.get().redirectUris().contains(request.redirectUri())) {
            throw new ApiException.BadRequest("The application asked to return you to an address it has not registered.");
        }
    }

    /** The connection comes from the sign-in path's cache, which the callback reads too. */
    private Uni<SignInStart> toConnection(String tenantId, AuthorizationRequest request) {
        return directory.active(request.connection()).chain(connection -> connection
                .filter(live -> live.tenantId().equals(tenantId))
                .map(active -> begin(new PendingAuthorization(tenantId, active.id(), request.clientId(), request.redirectUri(),
                        request.state(), request.nonce(), request.codeChallenge(), request.codeChallengeMethod(),
                        Instant.now().plus(lifetime)), active.settings().isSaml()))
                .orElseGet(() -> Uni.createFrom().item(errorToApp(tenantId, request, "invalid_request",
                        "connection is unknown or disconnected"))));
    }

    /**
     * {@code GET /login/{tenant}/{key}}: the connection's app, without state or PKCE (no app started
     * it); session-service lets only that confidential client redeem such a code.
     */
    public Uni<SignInStart> loginUrl(String tenantId, String key) {
        if (tenantId == null || !TENANT_ID.matcher(tenantId).matches() || key == null || !LOGIN_KEY.matcher(key).matches()) {
            return Uni.createFrom().failure(loginUrlNotFound());
        }
        return connections.findByLoginKey(tenantId, Secrets.sha256(key))
                .map(found -> found.orElseThrow(AuthorizationService::loginUrlNotFound))
                .chain(connection -> begin(new PendingAuthorization(tenantId, connection.id(),
                        connection.settings().appClientId(), connection.settings().appRedirectUri(), null, null, null,
                        null, Instant.now().plus(lifetime)), connection.settings().isSaml()));
    }

    /** The callback's pending request, to take in its sign-in's transaction, with the connection it goes through. */
    public record Resumed(PendingRequest request, LiveConnection connection) {
    }

    /**
     * The callback's half: the connection, which must still be active, and the browser's pending
     * request, which the sign-in takes (single use: a replayed callback finds nothing).
     */
    public Uni<Resumed> resume(String connectionId, String handle) {
        Optional<byte[]> hash = PendingAuthorizationStore.handleHash(handle);
        if (hash.isEmpty()) {
            return Uni.createFrom().failure(new ApiException.BadRequest(
                    "No sign-in is in progress in this browser. Start again from your application."));
        }
        byte[] handleHash = hash.get();
        return directory.active(connectionId).map(found -> {
            LiveConnection connection = found.filter(live -> !live.settings().isSaml())
                    .orElseThrow(AuthorizationService::connectionGone);
            return new Resumed(sql -> pending.take(sql, handleHash, connectionId, Instant.now()).map(taken -> {
                PendingAuthorization request = taken.orElseThrow(() -> new ApiException.BadRequest(
                        "This sign-in has expired or was already completed. Start again from your application."));
                if (!request.tenantId().equals(connection.tenantId())) {
                    throw connectionGone();
                }
                return request;
            }), connection);
        });
    }

    /**
     * Stores the request for the upstream round trip. A SAML sign-in goes straight to the IdP: its
     * AuthnRequest ID and RelayState are stored with the request.
     */
    private Uni<SignInStart> begin(PendingAuthorization request, boolean saml) {
        String handle = Secrets.random(32);
        Instant now = Instant.now();
        Uni<Void> startable = completion.checkStartable(request.tenantId(), request.connectionId());
        if (!saml) {
            return startable.chain(() -> pending.insert(Secrets.sha256(handle), request, now))
                    .replaceWith(new SignInStart.ToUpstream(request.connectionId(), handle, false, null));
        }
        return startable.chain(() -> this.saml.authnRequest(request.connectionId()))
                .call(upstream -> pending.insert(Secrets.sha256(handle), request, upstream.requestId(),
                        upstream.relayStateHash(), now))
                .map(upstream -> new SignInStart.ToUpstream(request.connectionId(), handle, true, upstream.location()));
    }

    private static ApiException connectionGone() {
        return new ApiException.NotFound("This sign-in connection does not exist or was disconnected.");
    }

    private static void checkClientParameters(String tenantId, AuthorizationRequest request) {
        if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
            throw new ApiException.NotFound("There is no such organization.");
        }
        if ("client_id".equals(request.duplicated()) || "redirect_uri".equals(request.duplicated())) {
            throw new ApiException.BadRequest("The sign-in request names its application more than once.");
        }
        if (request.clientId() == null || !CLIENT_ID.matcher(request.clientId()).matches()) {
            throw new ApiException.BadRequest("The sign-in request does not name a valid application (client_id).");
        }
        if (request.redirectUri() == null || request.redirectUri().isEmpty() || request.redirectUri().length() > 2000) {
            throw new ApiException.BadRequest("The sign-in request has no valid return address (redirect_uri).");
        }
    }

    /** The first OAuth problem of a request whose client and redirect URI are valid, or null. */
    private static String protocolProblem(AuthorizationRequest request) {
        if (request.duplicated() != null) {
            return request.duplicated() + " is repeated";
        }
        if (!"code".equals(request.responseType())) {
            return "response_type must be code";
        }
        if (request.codeChallenge() == null || request.codeChallengeMethod() == null) {
            return "PKCE is required: code_challenge and code_challenge_method=S256";
        }
        if (!"S256".equals(request.codeChallengeMethod())) {
            return "code_challenge_method must be S256";
        }
        if (!CHALLENGE.matcher(request.codeChallenge()).matches()) {
            return "code_challenge must be the 43-character S256 challenge";
        }
        if (request.state() != null && request.state().length() > MAX_STATE) {
            return "state is longer than " + MAX_STATE + " characters";
        }
        if (request.nonce() != null && request.nonce().length() > MAX_NONCE) {
            return "nonce is longer than " + MAX_NONCE + " characters";
        }
        if (request.connection() == null || !ConnectionDirectory.ID_SHAPE.matcher(request.connection()).matches()) {
            return "connection is required: the id of the tenant's connection to sign in with";
        }
        return null;
    }

    private SignInStart errorToApp(String tenantId, AuthorizationRequest request, String error, String description) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("error", error);
        parameters.put("error_description", description);
        if (request.state() != null && request.state().length() <= MAX_STATE) {
            parameters.put("state", request.state());
        }
        issuer.addTo(parameters, tenantId);
        return new SignInStart.ErrorToApp(RedirectTo.withQuery(request.redirectUri(), parameters));
    }

    private static ApiException.NotFound loginUrlNotFound() {
        return new ApiException.NotFound("This sign-in link does not work (anymore). Ask your administrator for the current one.");
    }
}
