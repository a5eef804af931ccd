package io.jitsso.session.service;

import io.jitsso.contracts.crypto.Argon2id;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.reactive.OffEventLoop;
import io.jitsso.contracts.reactive.SingleFlight;
import io.jitsso.session.config.SessionConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks client secrets against their argon2id hashes. argon2id costs ~25 ms of CPU, so after a
 * secret verified once this replica remembers an HMAC of it (under a per-process random key) next
 * to the hash it matched; later requests compare HMACs in constant time. A rotated secret changes
 * the stored hash, which invalidates the memory.
 *
 * <p>Wrong secrets are limited per client (docs/security.md): each one spends a token of the client's bucket
 * ({@code jitsso.rate-limit.wrong-secrets-per-client}), taken before argon2id runs and given back when the
 * secret turns out right, so parallel wrong secrets never run more argon2id computations than the bucket
 * holds. Requests presenting the same secret while its argon2id runs share that run and its token, so an
 * app's burst of first requests on a fresh replica is not mistaken for a flood. With the bucket empty, only a
 * secret matching the remembered HMAC passes; everything else is throttled without any argon2id work. Only
 * clients that exist get a bucket: made-up client ids cannot grow it.
 */
@ApplicationScoped
public class ClientAuthenticator {

    /** How a presented client secret fared. */
    public sealed interface Result {
    }

    /** The secret is the app's. */
    public record Authenticated(AppView app) implements Result {
    }

    /** An unknown client or a wrong secret, one answer for both. */
    public record Refused() implements Result {
    }

    /** The client's budget of wrong secrets is spent; nothing was verified. */
    public record Throttled(long retryAfterSeconds) implements Result {
    }

    /** The bucket holds this many seconds of the rate, so a client may send five wrong secrets in a row at 1/s. */
    static final int BURST_SECONDS = 5;

    private record Verified(String secretHash, byte[] secretMac) {
    }

    private static final Refused REFUSED = new Refused();

    private final AppDirectory apps;
    private final RateLimiter wrongSecrets;
    private final SecretKeySpec macKey = new SecretKeySpec(Secrets.randomBytes(32), "HmacSHA256");
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    /** argon2id runs by (stored hash, HMAC of the presented secret): the same secret twice at once runs once. */
    private final SingleFlight<String, Result> verifications = new SingleFlight<>();

    ClientAuthenticator(AppDirectory apps, SessionConfig config, Ticker ticker) {
        this.apps = apps;
        this.wrongSecrets = new RateLimiter(config.rateLimit().wrongSecretsPerClient(), BURST_SECONDS, ticker);
    }

    /**
     * Authenticated when the secret is right; Refused for an unknown client or a wrong secret alike; Throttled when
     * the client's budget of wrong secrets is spent and the secret is not the one this replica verified.
     */
    public Uni<Result> authenticate(String tenantId, String clientId, String secret) {
        return apps.find(tenantId, clientId).chain(found -> found.isEmpty()
                ? Uni.createFrom().item(REFUSED)
                : check(found.get(), secret));
    }

    private Uni<Result> check(AppView app, String secret) {
        String client = app.tenantId() + "\n" + app.clientId();
        byte[] mac = mac(secret);
        Verified known = verified.get(client);
        boolean knownHash = known != null && known.secretHash().equals(app.secretHash());
        if (knownHash && MessageDigest.isEqual(known.secretMac(), mac)) {
            return Uni.createFrom().item(new Authenticated(app));
        }
        if (knownHash) {
            // the hash this replica verified a secret against is still the app's: any other secret is wrong
            long wait = wrongSecrets.acquire(client);
            return Uni.createFrom().item(wait > 0 ? new Throttled(wait) : REFUSED);
        }
        // an app's concurrent first requests share one run (and one token) instead of each taking a token
        // keyed by the client too: a run's result names its app, and two apps' stored hashes could be equal
        // (a copied database row), so a run must never answer for another app
        return verifications.load(client + "\n" + app.secretHash() + "\n" + HexFormat.of().formatHex(mac),
                () -> verify(app, client, secret, mac));
    }

    private Uni<Result> verify(AppView app, String client, String secret, byte[] mac) {
        long wait = wrongSecrets.acquire(client);
        if (wait > 0) {
            return Uni.createFrom().item(new Throttled(wait));
        }
        // CPU-heavy: off the event loop
        return OffEventLoop.compute(() -> Argon2id.verify(app.secretHash(), secret))
                // a stored hash that cannot be read fails before any argon2id work: no budget was spent
                .onFailure().invoke(failure -> wrongSecrets.refund(client))
                .map(ok -> {
                    if (!ok) {
                        return REFUSED;
                    }
                    wrongSecrets.refund(client);
                    verified.put(client, new Verified(app.secretHash(), mac));
                    return new Authenticated(app);
                });
    }

    public void forget(String tenantId, String clientId) {
        verified.remove(tenantId + "\n" + clientId);
    }

    /** Buckets that refilled hold nothing; dropping them keeps only clients that failed in the last minute. */
    @Scheduled(every = "60s")
    void sweep() {
        wrongSecrets.sweep();
    }

    /** Clients with a bucket of wrong secrets on this replica (for tests). */
    public int limitedClients() {
        return wrongSecrets.size();
    }

    private byte[] mac(String secret) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(macKey);
            return hmac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
