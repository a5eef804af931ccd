package io.jitsso.session.service;

import io.jitsso.contracts.crypto.Argon2id;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.reactive.OffEventLoop;
import io.jitsso.session.config.SessionConfig;
import io.jitsso.session.persistence.BreakGlassStore;
import io.jitsso.session.persistence.BreakGlassStore.Account;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The break-glass local admin of a tenant (SPEC A11): a username and an argon2id-hashed password
 * the operator sets, rotates and disables; a sign-in that yields an admin access token for that
 * tenant only. Sign-ins are rate limited per client address and per tenant; repeated wrong passwords
 * lock out the address they came from, and many more from all addresses the account (ADR-30). An
 * unknown user, a disabled or locked account, a locked-out address and a wrong password get one and
 * the same answer after the same argon2id work. Every change and every sign-in lands in the audit trail and in
 * one log line, never with the password or the token.
 */
@ApplicationScoped
public class BreakGlassService {

    private static final Logger LOG = Logger.getLogger(BreakGlassService.class);
    private static final String FAILED = "invalid username or password";
    /** The address key of a request whose peer address is unknown. */
    static final String UNKNOWN_ADDRESS = "unknown";

    private final BreakGlassStore store;
    private final KeyRing keyRing;
    private final TokenService tokens;
    private final SessionConfig config;
    /** Per tenant and client address. */
    private final RateLimiter attempts;
    /** Per tenant, all addresses: bounds the argon2id work one tenant's break-glass sign-in can cause. */
    private final RateLimiter tenantAttempts;
    private final MeterRegistry metrics;

    BreakGlassService(BreakGlassStore store, KeyRing keyRing, TokenService tokens, SessionConfig config, Ticker ticker,
            MeterRegistry metrics) {
        this.store = store;
        this.keyRing = keyRing;
        this.tokens = tokens;
        this.config = config;
        this.attempts = new RateLimiter(config.breakGlass().attemptsPerSecond(), 5, ticker);
        this.tenantAttempts = new RateLimiter(config.breakGlass().tenantAttemptsPerSecond(), 5, ticker);
        this.metrics = metrics;
    }

    /** Buckets that refilled hold nothing; sign-ins for made-up tenants must not grow memory. */
    @io.quarkus.scheduler.Scheduled(every = "60s")
    void sweep() {
        attempts.sweep();
        tenantAttempts.sweep();
    }

    /** Addresses that stopped failing are forgotten once a lockout period has passed since their last failure. */
    @io.quarkus.scheduler.Scheduled(every = "10m", delayed = "1m",
            skipExecutionIf = io.quarkus.scheduler.Scheduled.ApplicationNotRunning.class)
    Uni<Void> purgeAddresses() {
        Instant now = Instant.now();
        return store.purgeAddressesBefore(now.minus(config.breakGlass().lockout()), now)
                .onFailure().invoke(failure -> LOG.warnf("purging break-glass address lockouts failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
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
                                .call(() -> store.clearAddresses(sql, tenantId))
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
        // the audit's and the lockout table's column hold 64 characters; an IPv6 address with a zone fits
        String address = clientIp == null ? UNKNOWN_ADDRESS : clientIp.length() > 64 ? clientIp.substring(0, 64) : clientIp;
        String key = addressKey(address);
        String bucket = tenantId + '\n' + key;
        long wait = attempts.acquire(bucket);
        if (wait == 0) {
            wait = tenantAttempts.acquire(tenantId);
            if (wait > 0) {
                attempts.refund(bucket);
            }
        }
        if (wait > 0) {
            metrics.counter("jitsso.break_glass.sign_ins", "outcome", "rate_limited").increment();
            LOG.warnf("break-glass sign-in for tenant %s rate limited (client %s)", tenantId, clientIp);
            throw new ApiException.TooManyRequests("too many break-glass sign-in attempts", wait);
        }
        Instant now = Instant.now();
        return Uni.combine().all().unis(store.find(tenantId), store.addressLockedUntil(tenantId, key, now))
                .asTuple()
                .chain(read -> {
                    Optional<Account> found = read.getItem1();
                    Optional<String> refusal = refusal(found, username, read.getItem2().isPresent(), now);
                    // without a usable account the dummy hash is verified, so every failure costs the same
                    return OffEventLoop.compute(() -> Argon2id.verify(
                                    refusal.isEmpty() ? found.get().passwordHash() : Argon2id.dummyHash(), password))
                            .chain(matches -> refusal.isPresent() ? fail(tenantId, username, refusal.get(), address, found, now)
                                    : matches ? succeed(found.get(), address, now)
                                            : fail(tenantId, username, "wrong_password", address, found, now));
                });
    }

    /** Why this sign-in cannot succeed whatever the password; empty when the password decides. */
    private static Optional<String> refusal(Optional<Account> found, String username, boolean addressLocked, Instant now) {
        if (found.isEmpty() || !Secrets.constantTimeEquals(found.get().username(), username)) {
            return Optional.of("unknown_user");
        }
        if (!found.get().enabled()) {
            return Optional.of("disabled");
        }
        if (found.get().lockedAt(now)) {
            return Optional.of("locked");
        }
        if (addressLocked) {
            return Optional.of("address_locked");
        }
        return Optional.empty();
    }

    private Uni<Token> succeed(Account account, String clientIp, Instant now) {
        return store.pool().withTransaction(sql -> store.recordSuccess(sql, account.tenantId())
                        .call(() -> store.clearAddress(sql, account.tenantId(), addressKey(clientIp)))
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
        // a count runs while failures follow each other within one lockout period
        Instant windowStart = now.minus(config.breakGlass().lockout());
        return store.pool().withTransaction(sql -> (counts
                        ? store.recordFailure(sql, tenantId, config.breakGlass().maxAccountFailures(), lockUntil, now,
                                        windowStart)
                                .call(account -> account.lockedAt(now)
                                        ? store.audit(sql, tenantId, "locked", account.username(), null, clientIp, now)
                                        : Uni.createFrom().voidItem())
                                .chain(account -> store.recordAddressFailure(sql, tenantId, addressKey(clientIp),
                                                config.breakGlass().maxFailures(), lockUntil, now, windowStart)
                                        .call(locked -> locked
                                                ? store.audit(sql, tenantId, "address_locked", account.username(), null,
                                                        clientIp, now)
                                                : Uni.createFrom().voidItem()))
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

    /**
     * What the per-address limits and lockouts count by: an IPv4 address, or an IPv6 address's /64 (one host
     * commonly holds a whole /64, and must not get a fresh budget from each of its addresses), in one spelling
     * whether the address came compressed (a proxy's X-Forwarded-For) or in Java's full form (a peer). The audit
     * keeps the full address. Anything that does not parse counts as itself.
     */
    static String addressKey(String address) {
        if (address.indexOf(':') < 0) {
            return address;
        }
        String bare = address.split("%", 2)[0];
        if (bare.startsWith("[") && bare.endsWith("]")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        String[] halves = bare.split("::", -1);
        if (halves.length > 2 || bare.indexOf('.') >= 0) {
            return address;
        }
        List<String> groups = new ArrayList<>(groupsOf(halves[0]));
        List<String> tail = halves.length == 2 ? groupsOf(halves[1]) : List.of();
        int missing = 8 - groups.size() - tail.size();
        if (missing < 0 || halves.length == 1 && missing != 0) {
            return address;
        }
        groups.addAll(java.util.Collections.nCopies(missing, "0"));
        groups.addAll(tail);
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            String group = groups.get(i);
            if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return address;
            }
            prefix.append(Integer.toHexString(Integer.parseInt(group, 16))).append(':');
        }
        return prefix.append(":/64").toString();
    }

    private static List<String> groupsOf(String part) {
        return part.isEmpty() ? List.of() : List.of(part.split(":", -1));
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
