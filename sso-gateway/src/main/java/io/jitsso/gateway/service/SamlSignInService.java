package io.jitsso.gateway.service;

import io.jitsso.contracts.reactive.OffEventLoop;
import io.jitsso.gateway.config.GatewayConfig;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.gateway.persistence.PendingAuthorizationStore;
import io.jitsso.gateway.persistence.PendingAuthorizationStore.PendingAuthorization;
import io.jitsso.gateway.persistence.SamlReplayStore;
import io.jitsso.gateway.protocol.saml.SamlServiceProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The SAML legs of a sign-in (issue 4): AuthnRequests bound to a browser's pending request, and the
 * assertion consumer, which has the response verified against that request and hands the identity
 * to {@link SignInCompletion} like any other protocol, with the request to take and the assertion
 * id to record (once: replays are refused) in the sign-in's transaction.
 */
@ApplicationScoped
public class SamlSignInService {

    private static final Logger LOG = Logger.getLogger(SamlSignInService.class);
    /** Base64 of {@link io.jitsso.gateway.protocol.saml.ResponseVerifier#MAX_XML_BYTES}, rounded up. */
    public static final int MAX_RESPONSE_CHARS = 180 * 1024;
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");
    private static final String NOT_VERIFIED = "The answer of your identity provider could not be verified, so you were"
            + " not signed in. Start again from your application.";

    private final ConnectionDirectory directory;
    private final PendingAuthorizationStore pending;
    private final SamlReplayStore replays;
    private final SamlServiceProvider provider;
    private final SignInCompletion signIns;
    private final MeterRegistry metrics;
    private final String publicBaseUrl;
    private final java.time.Duration lifetime;

    SamlSignInService(ConnectionDirectory directory, PendingAuthorizationStore pending, SamlReplayStore replays,
            SamlServiceProvider provider, SignInCompletion signIns, MeterRegistry metrics, GatewayConfig config) {
        this.directory = directory;
        this.pending = pending;
        this.replays = replays;
        this.provider = provider;
        this.signIns = signIns;
        this.metrics = metrics;
        String base = config.publicBaseUrl();
        this.publicBaseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.lifetime = config.signIn().requestLifetime();
    }

    public SamlEndpoints endpoints(String connectionId) {
        return SamlEndpoints.of(publicBaseUrl, connectionId);
    }

    /** {@code GET /saml/{connection}/metadata}. */
    public Uni<String> metadata(String connectionId) {
        return samlConnection(connectionId).map(connection -> provider.metadata(connection, endpoints(connectionId)));
    }

    /** An AuthnRequest to send a browser upstream with: its ID, the SHA-256 of its RelayState, and where it goes. */
    public record Upstream(String requestId, byte[] relayStateHash, URI location) {
    }

    /** A new AuthnRequest (HTTP-Redirect binding) with a fresh ID and RelayState for the connection. */
    public Uni<Upstream> authnRequest(String connectionId) {
        String requestId = "_" + HexFormat.of().formatHex(Secrets.randomBytes(20));
        String relayState = Secrets.random(24);
        return samlConnection(connectionId).map(connection -> new Upstream(requestId, Secrets.sha256(relayState),
                provider.authnRequest(connection, endpoints(connectionId), requestId, relayState)));
    }

    /**
     * {@code GET /saml/{connection}/start}: a new AuthnRequest for the browser's pending request (the
     * authorization endpoint sends browsers upstream with one already; this serves a reload): its ID
     * and a fresh RelayState replace the stored ones, so the response must answer this request and
     * come back with this RelayState to this browser.
     */
    public Uni<URI> start(String connectionId, String handle) {
        Optional<byte[]> handleHash = PendingAuthorizationStore.handleHash(handle);
        if (handleHash.isEmpty()) {
            return Uni.createFrom().failure(noSignInPending());
        }
        return authnRequest(connectionId)
                .call(upstream -> pending.attachSamlRequest(handleHash.get(), connectionId, upstream.requestId(),
                                upstream.relayStateHash(), Instant.now())
                        .invoke(attached -> {
                            if (!attached) {
                                throw new ApiException.BadRequest("This sign-in has expired or was already completed."
                                        + " Start again from your application.");
                            }
                        }))
                .map(Upstream::location);
    }

    /**
     * {@code POST /saml/{connection}/acs}: the browser's pending request is found, the response
     * verified against it, and the sign-in's transaction takes the request and records the
     * assertion id (a replay finds it recorded). A response that came with the request's RelayState
     * but is refused before that (failed verification, a status other than Success) ends the
     * pending request too. One with another RelayState does not: that is not the IdP's answer to
     * this request but someone's POST, and it must not be able to cancel the user's sign-in.
     */
    public Uni<SignInOutcome> consume(String connectionId, String handle, String samlResponse, String relayState,
            String clientAddress) {
        byte[] xml = decode(samlResponse);
        Instant now = Instant.now();
        byte[] handleHash = PendingAuthorizationStore.handleHash(handle).orElse(null);
        return samlConnection(connectionId).chain(connection -> findPending(connectionId, handleHash, relayState, now)
                .chain(request -> verify(connection, xml, request, now)
                        .onFailure().call(failure -> request.isEmpty() ? Uni.createFrom().voidItem() : pending.discard(handleHash))
                        .map(accepted -> new Verified(request, accepted)))
                .chain(verified -> signIns.complete(sql -> take(sql, connection, handleHash, verified.request(),
                        verified.accepted(), now), connection, verified.accepted().identity(), clientAddress)));
    }

    /** A response verified against the browser's pending request (none: IdP-initiated). */
    private record Verified(Optional<PendingAuthorizationStore.PendingSaml> request, SamlServiceProvider.Accepted accepted) {
    }

    private Uni<Optional<PendingAuthorizationStore.PendingSaml>> findPending(String connectionId, byte[] handleHash,
            String relayState, Instant now) {
        if (handleHash == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return pending.findSaml(handleHash, connectionId, now).invoke(found -> found.ifPresent(saml -> {
            if (relayState == null || !MessageDigest.isEqual(saml.relayStateHash(), Secrets.sha256(relayState))) {
                throw rejected(connectionId, "RelayState is not the one sent with this browser's request");
            }
        }));
    }

    /** In the sign-in's transaction: the request this response answered is taken, and the assertion used once. */
    private Uni<PendingAuthorization> take(SqlClient sql, LiveConnection connection, byte[] handleHash,
            Optional<PendingAuthorizationStore.PendingSaml> request, SamlServiceProvider.Accepted accepted, Instant now) {
        Uni<PendingAuthorization> taken = request.isEmpty() ? Uni.createFrom().item(unsolicitedRequest(connection, now))
                : pending.takeSaml(sql, handleHash, request.get().requestId()).map(found -> {
                    if (!found) {
                        throw new ApiException.BadRequest("This sign-in has expired or was already completed."
                                + " Start again from your application.");
                    }
                    return request.get().request();
                });
        // both statements in one flight (ADR-23); a request that is gone fails first, as before
        Uni<Boolean> firstUse = replays.firstUse(sql, connection.tenantId(), connection.id(), accepted.assertionId(),
                accepted.replayUntil());
        return Uni.combine().all().unis(taken, firstUse).asTuple().map(recorded -> {
            if (!recorded.getItem2()) {
                throw rejected(connection.id(), "assertion " + accepted.assertionId() + " was already used (replay)");
            }
            return recorded.getItem1();
        });
    }

    /** Verification parses XML and checks signatures: CPU work, moved off the event loop. */
    private Uni<SamlServiceProvider.Accepted> verify(LiveConnection connection, byte[] xml,
            Optional<PendingAuthorizationStore.PendingSaml> request, Instant now) {
        return OffEventLoop.compute(() -> provider.consume(connection, endpoints(connection.id()), xml,
                        request.map(PendingAuthorizationStore.PendingSaml::requestId).orElse(null), now))
                .map(outcome -> {
                    if (outcome instanceof SamlServiceProvider.NotSuccess refused) {
                        LOG.infof("SAML IdP of %s did not authenticate the user: %s", connection.id(), refused.status());
                        metrics.counter("jitsso.gateway.saml.rejections", "check", "status").increment();
                        throw new ApiException.Unauthorized("Your identity provider did not sign you in (status "
                                + refused.status() + (refused.message() == null ? "" : ": " + refused.message())
                                + "). Start again from your application, or ask your administrator.", null);
                    }
                    if (outcome instanceof SamlServiceProvider.Rejected rejected) {
                        throw rejected(connection.id(), rejected.reason());
                    }
                    return (SamlServiceProvider.Accepted) outcome;
                });
    }

    /** An IdP-initiated sign-in (allowed by the connection) goes where the login URL goes: the connection's app. */
    private PendingAuthorization unsolicitedRequest(LiveConnection connection, Instant now) {
        return new PendingAuthorization(connection.tenantId(), connection.id(), connection.settings().appClientId(),
                connection.settings().appRedirectUri(), null, null, null, null, now.plus(lifetime));
    }

    private Uni<LiveConnection> samlConnection(String connectionId) {
        return directory.active(connectionId).map(found -> found.filter(live -> live.settings().isSaml())
                .orElseThrow(() -> new ApiException.NotFound("This sign-in connection does not exist or was disconnected.")));
    }

    /** Strict base64 (line breaks allowed, as some IdPs wrap), bounded before decoding. */
    private byte[] decode(String samlResponse) {
        if (samlResponse == null || samlResponse.isEmpty()) {
            throw new ApiException.BadRequest("The sign-in answer is missing (SAMLResponse).");
        }
        if (samlResponse.length() > MAX_RESPONSE_CHARS) {
            throw new ApiException.BadRequest("The sign-in answer is too large.");
        }
        String compact = samlResponse.replaceAll("[\\r\\n\\t ]", "");
        if (compact.length() % 4 != 0 || !BASE64.matcher(compact).matches()) {
            throw new ApiException.BadRequest("The sign-in answer is not valid base64 (SAMLResponse).");
        }
        return Base64.getDecoder().decode(compact);
    }

    private ApiException rejected(String connectionId, String reason) {
        LOG.infof("SAML response for %s rejected: %s", connectionId, reason);
        metrics.counter("jitsso.gateway.saml.rejections", "check", "verification").increment();
        return new ApiException.Unauthorized(NOT_VERIFIED, null);
    }

    private static ApiException noSignInPending() {
        return new ApiException.BadRequest("No sign-in is in progress in this browser. Start again from your application.");
    }
}
