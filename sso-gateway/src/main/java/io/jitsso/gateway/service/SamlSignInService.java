package io.jitsso.gateway.service;

import io.jitsso.gateway.config.GatewayConfig;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.gateway.persistence.PendingAuthorizationStore;
import io.jitsso.gateway.persistence.PendingAuthorizationStore.PendingAuthorization;
import io.jitsso.gateway.persistence.SamlReplayStore;
import io.jitsso.gateway.protocol.saml.SamlServiceProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
 * The SAML legs of a sign-in (issue 4): sending the browser upstream with an AuthnRequest bound to
 * its pending request, and the assertion consumer, which takes that request (once), has the
 * response verified, refuses replays, and hands the identity to {@link SignInCompletion} like any
 * other protocol.
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

    /**
     * {@code GET /saml/{connection}/start}: a new AuthnRequest for the browser's pending request; its
     * ID and a fresh RelayState are stored with the request, so the response must answer this
     * request and come back with this RelayState to this browser.
     */
    public Uni<URI> start(String connectionId, String handle) {
        if (handle == null || handle.isEmpty() || handle.length() > 100) {
            return Uni.createFrom().failure(noSignInPending());
        }
        String requestId = "_" + HexFormat.of().formatHex(Secrets.randomBytes(20));
        String relayState = Secrets.random(24);
        return samlConnection(connectionId)
                .call(connection -> pending.attachSamlRequest(Secrets.sha256(handle), connectionId, requestId,
                                Secrets.sha256(relayState), Instant.now())
                        .invoke(attached -> {
                            if (!attached) {
                                throw new ApiException.BadRequest("This sign-in has expired or was already completed."
                                        + " Start again from your application.");
                            }
                        }))
                .map(connection -> provider.authnRequest(connection, endpoints(connectionId), requestId, relayState));
    }

    /** {@code POST /saml/{connection}/acs}. */
    public Uni<SignInOutcome> consume(String connectionId, String handle, String samlResponse, String relayState) {
        byte[] xml = decode(samlResponse);
        Instant now = Instant.now();
        return samlConnection(connectionId).chain(connection -> takePending(connectionId, handle, relayState, now)
                .chain(request -> verify(connection, xml, request, now)
                        .chain(accepted -> checkReplay(connection, accepted))
                        .chain(accepted -> signIns.complete(request.map(PendingAuthorizationStore.PendingSaml::request)
                                .orElseGet(() -> unsolicitedRequest(connection, now)), connection, accepted.identity()))));
    }

    private Uni<Optional<PendingAuthorizationStore.PendingSaml>> takePending(String connectionId, String handle,
            String relayState, Instant now) {
        if (handle == null || handle.isEmpty() || handle.length() > 100) {
            return Uni.createFrom().item(Optional.empty());
        }
        return pending.takeSaml(Secrets.sha256(handle), connectionId, now).invoke(found -> found.ifPresent(saml -> {
            if (relayState == null || !MessageDigest.isEqual(saml.relayStateHash(), Secrets.sha256(relayState))) {
                throw rejected(connectionId, "RelayState is not the one sent with this browser's request");
            }
        }));
    }

    /** Verification parses XML and checks signatures: CPU work, moved off the event loop. */
    private Uni<SamlServiceProvider.Accepted> verify(LiveConnection connection, byte[] xml,
            Optional<PendingAuthorizationStore.PendingSaml> request, Instant now) {
        return Uni.createFrom().item(() -> provider.consume(connection, endpoints(connection.id()), xml,
                        request.map(PendingAuthorizationStore.PendingSaml::requestId).orElse(null), now))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
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

    private Uni<SamlServiceProvider.Accepted> checkReplay(LiveConnection connection, SamlServiceProvider.Accepted accepted) {
        return replays.firstUse(connection.tenantId(), connection.id(), accepted.assertionId(), accepted.replayUntil())
                .map(first -> {
                    if (!first) {
                        throw rejected(connection.id(), "assertion " + accepted.assertionId() + " was already used (replay)");
                    }
                    return accepted;
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
