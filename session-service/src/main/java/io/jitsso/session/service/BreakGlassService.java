package io.jitsso.session.service;

import io.jitsso.contracts.reactive.OffEventLoop;
import io.jitsso.session.config.SessionConfig;
import io.jitsso.contracts.crypto.Argon2id;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.session.persistence.BreakGlassStore;
import io.jitsso.session.persistence.BreakGlassStore.Account;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The break-glass local admin of a tenant (SPEC A11): a username and an argon2id-hashed password
 * the operator sets, rotates and disables; a sign-in that yields an admin access token for that
 * tenant only. Sign-ins are rate limited per tenant and lock the account after repeated failures;
 * an unknown user, a disabled or locked account and a wrong password get one and the same answer
 * after the same argon2id work. Every change and every sign-in lands in the audit trail and in
 * one log line, never with the password or the token.
 */
@ApplicationScoped
public class BreakGlassService {

    private static final Logger LOG = Logger.getLogger(BreakGlassService.class);
    private static final String FAILED = "invalid username or password";

    private final BreakGlassStore store;
    private final KeyRing keyRing;
    private final TokenService tokens;
    private final SessionConfig config;
    private final RateLimiter attempts;
    private final MeterRegistry metrics;

    BreakGlassService(BreakGlassStore store, KeyRing keyRing, TokenService tokens, SessionConfig config, Ticker ticker,
            MeterRegistry metrics) {
        this.store = store;
        this.keyRing = keyRing;
        this.tokens = tokens;
        this.config = config;
        this.attempts = new RateLimiter(config.breakGlass().attemptsPerSecond(), 5, ticker);
        this.metrics = metrics;
    }

    /** Buckets that refilled hold nothing; sign-ins for made-up tenants must not grow memory. */
    @io.quarkus.scheduler.Scheduled(every = "60s")
    void sweep() {
        attempts.sweep();
    }

    /** A sign-in's result for the caller. */
    public record Token(String accessToken, long expiresIn) {
    }

    /** Creates the tenant's break-glass admin or replaces its credentials (enabled and unlocked again). */
    public Uni<Account> set(String tenantId, String username, String password) {
        Instant now = Instant.now();
        return OffEventLoop.compute(() -> Argon2id.hash(password))
                .chain(hash -> store.pool().withTransaction(sql -> store.find(tenantId)
                        .chain(existing -> store.upsert(sql, tenantId, username, hash, now)
                                .call(account -> store.audit(sql, tenantId, existing.isPresent() ? "rotated" : "created",
                                        username, null, null, now)))))
                .onFailure(PgException.class).transform(BreakGlassService::unknownTenant)
                .invoke(account -> LOG.infof("break-glass admin %s of tenant %s set by the operator", username, tenantId));
    }

    public Uni<Account> get(String tenantId) {
        return store.find(tenantId).map(found -> found.orElseThrow(
                () -> new ApiException.NotFound("tenant " + tenantId + " has no break-glass admin")));
    }

    public Uni<Void> disable(String tenantId) {
        Instant now = Instant.now();
        return store.pool().withTransaction(sql -> store.disable(sql, tenantId, now)
                        .call(found -> found.isEmpty() ? Uni.createFrom().voidItem()
                                : store.audit(sql, tenantId, "disabled", found.get().username(), null, null, now))
                        .map(found -> found.orElseThrow(
                                () -> new ApiException.NotFound("tenant " + tenantId + " has no break-glass admin"))))
                .invoke(account -> LOG.infof("break-glass admin %s of tenant %s disabled by the operator",
                        account.username(), tenantId))
                .replaceWithVoid();
    }

    public Uni<List<BreakGlassStore.AuditEntry>> auditTrail(String tenantId, Long before, int limit) {
        return store.auditTrail(tenantId, before, limit);
    }

    /** Signs the break-glass admin in: an admin access token, or one generic 401 for every failure. */
    public Uni<Token> signIn(String tenantId, String username, String password, String clientIp) {
        long wait = attempts.acquire(tenantId);
        if (wait > 0) {
            metrics.counter("jitsso.break_glass.sign_ins", "outcome", "rate_limited").increment();
            LOG.warnf("break-glass sign-in for tenant %s rate limited (client %s)", tenantId, clientIp);
            throw new ApiException.TooManyRequests("too many break-glass sign-in attempts", wait);
        }
        Instant now = Instant.now();
        return store.find(tenantId).chain(found -> {
            Optional<String> refusal = refusal(found, username, now);
            // without a usable account the dummy hash is verified, so every failure costs the same
            return OffEventLoop.compute(() -> Argon2id.verify(
                            refusal.isEmpty() ? found.get().passwordHash() : Argon2id.dummyHash(), password))
                    .chain(matches -> refusal.isPresent() ? fail(tenantId, username, refusal.get(), clientIp, found, now)
                            : matches ? succeed(found.get(), clientIp, now)
                                    : fail(tenantId, username, "wrong_password", clientIp, found, now));
        });
    }

    /** Why this sign-in cannot succeed whatever the password; empty when the password decides. */
    private static Optional<String> refusal(Optional<Account> found, String username, Instant now) {
        if (found.isEmpty() || !Secrets.constantTimeEquals(found.get().username(), username)) {
            return Optional.of("unknown_user");
        }
        if (!found.get().enabled()) {
            return Optional.of("disabled");
        }
        if (found.get().lockedAt(now)) {
            return Optional.of("locked");
        }
        return Optional.empty();
    }

    private Uni<Token> succeed(Account account, String clientIp, Instant now) {
        return store.pool().withTransaction(sql -> store.recordSuccess(sql, account.tenantId())
                        .call(() -> store.audit(sql, account.tenantId(), "sign_in_succeeded", account.username(), null,
                                clientIp, now)))
                .chain(() -> keyRing.keys(account.tenantId()))
                .map(keys -> new Token(tokens.breakGlassAccessToken(keys, account.tenantId(), account.username(),
                        account.credentialVersion(), now),
                        config.breakGlass().tokenLifetime().toSeconds()))
                .invoke(() -> {
                    metrics.counter("jitsso.break_glass.sign_ins", "outcome", "succeeded").increment();
                    LOG.warnf("break-glass admin %s of tenant %s signed in (client %s)", account.username(),
                            account.tenantId(), clientIp);
                });
    }

    /** Records the failure (and the lockout it may cause) and answers the one generic error. */
    private Uni<Token> fail(String tenantId, String username, String reason, String clientIp, Optional<Account> found,
            Instant now) {
        boolean counts = "wrong_password".equals(reason);
        Instant lockUntil = now.plus(config.breakGlass().lockout());
        return store.pool().withTransaction(sql -> (counts
                        ? store.recordFailure(sql, tenantId, config.breakGlass().maxFailures(), lockUntil, now)
                                .call(account -> account.lockedAt(now)
                                        ? store.audit(sql, tenantId, "locked", account.username(), null, clientIp, now)
                                        : Uni.createFrom().voidItem())
                                .replaceWithVoid()
                        : Uni.createFrom().voidItem())
                        .call(() -> found.isEmpty() ? Uni.createFrom().voidItem()
                                : store.audit(sql, tenantId, "sign_in_failed", bounded(username), reason, clientIp, now)))
                .invoke(() -> {
                    metrics.counter("jitsso.break_glass.sign_ins", "outcome", "failed").increment();
                    LOG.warnf("break-glass sign-in for tenant %s failed: %s (client %s)", tenantId, reason, clientIp);
                })
                .replaceWith(Uni.createFrom().<Token>failure(() -> new ApiException.Unauthorized(FAILED, null)));
    }

    /** Audit rows keep what was typed as the user name only up to the column's size. */
    private static String bounded(String username) {
        return username.length() > 64 ? username.substring(0, 64) : username;
    }

    private static Throwable unknownTenant(Throwable failure) {
        if (failure instanceof PgException pg && "23503".equals(pg.getSqlState())) {
            return new ApiException.NotFound("no such tenant");
        }
        return failure;
    }
}
