package io.jitsso.session.service;

import io.jitsso.session.config.SessionConfig;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.session.error.SessionNotFound;
import io.jitsso.session.messaging.SessionEventRelay;
import io.jitsso.session.persistence.SessionRecord;
import io.jitsso.session.persistence.SessionStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * IdP sessions (SPEC C1, C2, C4, C7): opened by other services after they authenticated a user,
 * used by every app of the tenant for silent authentication, ended by logout or revocation.
 */
@ApplicationScoped
public class SessionService {

    /** A session id is 32 random bytes, base64url: exactly 43 characters of that alphabet. */
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SessionStore store;
    private final KeyRing keyRing;
    private final TokenService tokens;
    private final AppDirectory apps;
    private final SilentAuthLimits limits;
    private final SessionConfig config;
    private final SessionEventRelay relay;
    private final Counter silentAuthSucceeded;
    private final Counter silentAuthNotFound;
    private final Counter silentAuthLimited;
    private final Counter silentAuthDenied;

    SessionService(SessionStore store, KeyRing keyRing, TokenService tokens, AppDirectory apps,
            SilentAuthLimits limits, SessionConfig config, SessionEventRelay relay, MeterRegistry metrics) {
        this.relay = relay;
        this.store = store;
        this.keyRing = keyRing;
        this.tokens = tokens;
        this.apps = apps;
        this.limits = limits;
        this.config = config;
        this.silentAuthSucceeded = metrics.counter("jitsso.silent_auth", "outcome", "succeeded");
        this.silentAuthNotFound = metrics.counter("jitsso.silent_auth", "outcome", "session_not_found");
        this.silentAuthLimited = metrics.counter("jitsso.silent_auth", "outcome", "rate_limited");
        this.silentAuthDenied = metrics.counter("jitsso.silent_auth", "outcome", "access_denied");
    }

    /** What a caller asks to open. */
    public record OpenRequest(String tenantId, String subject, List<String> amr, String connectionId, JsonObject claims) {
    }

    /** The new session: the bearer id (returned once, never stored) and its public handle. */
    public record Opened(String sessionId, SessionRecord session) {
    }

    public Uni<Opened> open(OpenRequest request) {
        String sessionId = Secrets.random(32);
        Instant now = Instant.now();
        SessionStore.NewSession session = new SessionStore.NewSession(request.tenantId(), Secrets.sha256(sessionId),
                request.subject(), request.connectionId(), request.amr(), request.claims(), now,
                now.plus(config.session().lifetime()));
        return store.open(session)
                .invoke(relay::nudge)
                .onFailure(PgException.class).transform(SessionService::unknownTenant)
                .map(record -> new Opened(sessionId, record));
    }

    /** A session opened for one app, with that app's tokens. */
    public record OpenedWithTokens(String sessionId, SessionRecord session, TokenService.IssuedTokens tokens) {
    }

    /**
     * Opens a session and mints the app's ID and access tokens from it in one step: for a service that
     * authenticated the user on the app's behalf (migration sign-in) and checked the app's own
     * credential itself. One transaction (the session row and its {@code created} event, which names
     * the app) instead of an open followed by a silent authentication.
     */
    public Uni<OpenedWithTokens> openWithTokens(OpenRequest request, String clientId) {
        return apps.find(request.tenantId(), clientId)
                .map(app -> app.orElseThrow(() -> ApiException.BadRequest.field("client_id", "no such app in this tenant")))
                .invoke(app -> AppAccess.checkSignIn(app, request.claims()))
                .chain(app -> keyRing.keys(request.tenantId()).chain(keys -> {
                    String sessionId = Secrets.random(32);
                    Instant now = Instant.now();
                    SessionStore.NewSession session = new SessionStore.NewSession(request.tenantId(),
                            Secrets.sha256(sessionId), request.subject(), request.connectionId(), request.amr(),
                            request.claims(), now, now.plus(config.session().lifetime()));
                    return store.openFor(session, clientId)
                            .invoke(relay::nudge)
                            .map(record -> new OpenedWithTokens(sessionId, record, tokens.sessionTokens(keys, app, record, now)));
                }));
    }

    /**
     * Silent authentication (SPEC C2): tokens for the calling app from a live session. An app with required roles
     * (ADR-33) gets them only from a session whose roles meet them; otherwise a 403, and the session is neither
     * extended nor recorded as used by the app.
     */
    public Uni<TokenService.IssuedTokens> authenticate(ClientPrincipal client, String sessionId) {
        checkSessionIdFormat(sessionId);
        checkRate(client, sessionId);
        Instant now = Instant.now();
        byte[] secretHash = Secrets.sha256(sessionId);
        return apps.find(client.tenantId(), client.clientId())
                .map(app -> app.orElseThrow(() -> new ApiException.Unauthorized(
                        "the app of this access token no longer exists", "Bearer error=\"invalid_token\"")))
                .chain(app -> keyRing.keys(client.tenantId()).chain(keys -> store
                        .touch(client.tenantId(), secretHash, now, now.plus(config.session().lifetime()), client.clientId(),
                                app.requiredRoles())
                        .invoke(relay::nudge)
                        .chain(found -> found.isPresent() || app.requiredRoles().isEmpty()
                                ? Uni.createFrom().item(found)
                                : refusedOrMissing(app, secretHash, now))
                        .map(found -> tokens.sessionTokens(keys, app,
                                found.orElseThrow(SessionNotFound::error), now))))
                .invoke(() -> silentAuthSucceeded.increment())
                .onFailure(ApiException.BadRequest.class).invoke(() -> silentAuthNotFound.increment())
                .onFailure(ApiException.Forbidden.class).invoke(() -> silentAuthDenied.increment());
    }

    /** A session the role-gated touch did not find: refused when it is live (its roles miss the app's), else not found. */
    private Uni<Optional<SessionRecord>> refusedOrMissing(AppView app, byte[] secretHash, Instant now) {
        return store.live(app.tenantId(), secretHash, now).map(live -> {
            live.ifPresent(session -> AppAccess.checkSession(app, session.claims()));
            return Optional.<SessionRecord>empty();
        });
    }

    /**
     * Logout (SPEC C4) for every app. Idempotent like token revocation (RFC 7009): a session that
     * is unknown or already ended answers the same, so retries are safe.
     */
    public Uni<Void> logout(ClientPrincipal client, String sessionId) {
        if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
            return Uni.createFrom().voidItem();
        }
        // as for silent authentication: a deleted app's unexpired token ends no session
        return apps.find(client.tenantId(), client.clientId())
                .map(app -> app.orElseThrow(() -> new ApiException.Unauthorized(
                        "the app of this access token no longer exists", "Bearer error=\"invalid_token\"")))
                .chain(app -> store.logout(client.tenantId(), Secrets.sha256(sessionId), Instant.now(), client.clientId()))
                .invoke(relay::nudge).replaceWithVoid();
    }

    public Uni<List<SessionRecord>> listLive(String tenantId, String subject) {
        return store.listLive(tenantId, subject, Instant.now());
    }

    public Uni<Void> revoke(String tenantId, UUID id) {
        return store.revokeById(tenantId, id, Instant.now(), "admin")
                .invoke(relay::nudge)
                .invoke(ended -> {
                    if (ended.isEmpty()) {
                        throw new ApiException.NotFound("no live session " + id + " in tenant " + tenantId);
                    }
                })
                .replaceWithVoid();
    }

    /** Ends the subject's live sessions; with {@code grantedRoles}, those carrying a role outside it (ADR-33). */
    public Uni<Integer> revokeSubject(String tenantId, String subject, List<String> grantedRoles, String reason) {
        return store.revokeBySubject(tenantId, subject, grantedRoles, Instant.now(), reason).invoke(relay::nudge)
                .map(List::size);
    }

    public Uni<Integer> revokeConnection(String tenantId, String connectionId, String reason) {
        return store.revokeByConnection(tenantId, connectionId, Instant.now(), reason).invoke(relay::nudge).map(List::size);
    }

    public Uni<Integer> purgeExpired() {
        return store.purgeEndedBefore(Instant.now().minus(config.session().retention()));
    }

    private void checkSessionIdFormat(String sessionId) {
        if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
            silentAuthNotFound.increment();
            throw SessionNotFound.error();
        }
    }

    private void checkRate(ClientPrincipal client, String sessionId) {
        long wait = limits.perClient().acquire(client.tenantId() + "\n" + client.clientId());
        if (wait == 0) {
            wait = limits.perSession().acquire(HexFormat.of().formatHex(Secrets.sha256(sessionId)));
        }
        if (wait > 0) {
            silentAuthLimited.increment();
            throw new ApiException.TooManyRequests("silent authentication rate limit reached", wait);
        }
    }

    private static Throwable unknownTenant(Throwable failure) {
        if (failure instanceof PgException pg && "23503".equals(pg.getSqlState())) {
            return new ApiException.NotFound("no such tenant");
        }
        return failure;
    }
}
