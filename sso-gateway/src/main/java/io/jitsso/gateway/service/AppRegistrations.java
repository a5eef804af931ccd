package io.jitsso.gateway.service;

import io.jitsso.contracts.reactive.SingleFlight;
import io.jitsso.gateway.client.SessionServiceApi;
import io.jitsso.gateway.client.SessionServiceClient;
import io.jitsso.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Apps' registrations (redirect URIs) for the authorization endpoint, served from memory for
 * {@code jitsso.sign-in.app-cache-ttl} after session-service answered, so a sign-in does not cost an
 * internal HTTP call for a lookup whose answer rarely changes. Only registered apps are remembered:
 * an unknown client id is asked again every time (and cannot fill the memory). session-service
 * checks the client and its redirect URI again, against its own copy, when it issues the code.
 */
@ApplicationScoped
public class AppRegistrations {

    private record Cached(SessionServiceApi.AppRegistration app, long loadedAt) {
    }

    static final int MAX_ENTRIES = 10_000;
    private final BiFunction<String, String, Uni<Optional<SessionServiceApi.AppRegistration>>> lookup;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final SingleFlight<String, Optional<SessionServiceApi.AppRegistration>> loads = new SingleFlight<>();

    @Inject
    AppRegistrations(SessionServiceClient sessions, GatewayConfig config) {
        this(sessions::findApp, config.signIn().appCacheTtl());
    }

    AppRegistrations(BiFunction<String, String, Uni<Optional<SessionServiceApi.AppRegistration>>> lookup, Duration ttl) {
        this.lookup = lookup;
        this.ttlNanos = ttl.toNanos();
    }

    /** The app's registration; empty when the tenant has no such app (or no such tenant). */
    public Uni<Optional<SessionServiceApi.AppRegistration>> find(String tenantId, String clientId) {
        String key = tenantId + "\n" + clientId;
        Cached cached = cache.get(key);
        long now = System.nanoTime();
        if (cached != null && now - cached.loadedAt() < ttlNanos) {
            return Uni.createFrom().item(Optional.of(cached.app()));
        }
        // every request that misses while the app is looked up shares that one lookup (no stampede at expiry)
        return loads.load(key, () -> lookup.apply(tenantId, clientId).invoke(found -> {
            if (found.isEmpty() || ttlNanos <= 0) {
                cache.remove(key);
                return;
            }
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(key, new Cached(found.get(), now));
        }));
    }
}
