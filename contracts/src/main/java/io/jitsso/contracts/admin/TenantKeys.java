package io.jitsso.contracts.admin;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * Each tenant's published keys, cached for a bounded time (admin tokens and migration-service's client
 * tokens alike). A kid the cache does not know triggers
 * an early re-read, so a key rotation is honoured at once; re-reads caused by unknown kids follow
 * each other at most once a second per tenant, so a flood of made-up kids cannot hammer the issuer
 * (a real new kid arriving within that second of such a re-read is refused once). Tenants without
 * keys are not cached (random names must not grow the cache); a removed key stops verifying after
 * at most the TTL.
 */
public final class TenantKeys {

    private static final long MIN_RELOAD_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int MAX_TENANTS = 10_000;

    /** Keys as read at one moment; {@code forUnknownKid} when an unknown kid caused the read. */
    private record Loaded(List<JsonWebKey> keys, long loadedAtNanos, boolean forUnknownKid) {
        JsonWebKey find(String kid) {
            return keys.stream().filter(key -> kid.equals(key.getKeyId())).findFirst().orElse(null);
        }
    }

    private final KeySource source;
    private final long ttlNanos;
    private final Map<String, Loaded> cache = new ConcurrentHashMap<>();

    public TenantKeys(KeySource source, Duration ttl) {
        this.source = source;
        this.ttlNanos = ttl.toNanos();
    }

    /**
     * The key of that kid; fails with a 401 {@link AdminAccessRejection} when the tenant publishes no
     * such key, and with the source's failure when the keys cannot be read.
     */
    public Uni<JsonWebKey> key(String tenantId, String kid) {
        Loaded cached = cache.get(tenantId);
        long now = System.nanoTime();
        if (cached == null || now - cached.loadedAtNanos() >= ttlNanos) {
            return load(tenantId, false).chain(loaded -> found(loaded.find(kid)));
        }
        JsonWebKey key = cached.find(kid);
        if (key != null || cached.forUnknownKid() && now - cached.loadedAtNanos() < MIN_RELOAD_NANOS) {
            return found(key);
        }
        return load(tenantId, true).chain(loaded -> found(loaded.find(kid)));
    }

    private Uni<Loaded> load(String tenantId, boolean forUnknownKid) {
        return source.jwks(tenantId).map(json -> {
            Loaded loaded = new Loaded(parse(json), System.nanoTime(), forUnknownKid);
            if (!loaded.keys().isEmpty()) {
                if (cache.size() >= MAX_TENANTS) {
                    cache.clear();
                }
                cache.put(tenantId, loaded);
            } else {
                cache.remove(tenantId);
            }
            return loaded;
        });
    }

    private static Uni<JsonWebKey> found(JsonWebKey key) {
        return key != null ? Uni.createFrom().item(key)
                : Uni.createFrom().failure(new AdminAccessRejection(401, "the access token's signing key is not known"));
    }

    private static List<JsonWebKey> parse(String json) {
        try {
            return List.copyOf(new JsonWebKeySet(json).getJsonWebKeys());
        } catch (JoseException e) {
            throw new IllegalStateException("the issuer's JWKS is unreadable");
        }
    }
}
