package io.jitsso.session.service;

import io.jitsso.session.config.SessionConfig;
import io.jitsso.session.persistence.AppRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.jitsso.contracts.reactive.SingleFlight;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * App registrations by (tenant, client id), cached per replica for {@code jitsso.apps.cache-ttl}
 * because every token request needs one. Changes made on this replica evict at once; another
 * replica sees a rotated secret or a deleted app within the TTL (documented in docs/security.md).
 */
@ApplicationScoped
public class AppDirectory {

    private record Entry(Optional<AppView> app, long loadedAtNanos) {
    }

    private static final int MAX_ENTRIES = 100_000;
    private final AppRepository repository;
    private final long ttlNanos;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final SingleFlight<String, Optional<AppView>> loads = new SingleFlight<>();

    AppDirectory(AppRepository repository, SessionConfig config) {
        this.repository = repository;
        this.ttlNanos = config.apps().cacheTtl().toNanos();
    }

    public Uni<Optional<AppView>> find(String tenantId, String clientId) {
        String key = tenantId + "\n" + clientId;
        Entry entry = cache.get(key);
        if (entry != null && System.nanoTime() - entry.loadedAtNanos() < ttlNanos) {
            return Uni.createFrom().item(entry.app());
        }
        // every request that misses while the app loads shares that one load (no stampede at expiry)
        return loads.load(key, () -> Panache.withSession(() -> repository.findByClientId(tenantId, clientId))
                .map(found -> Optional.ofNullable(found).map(AppView::of))
                .invoke(app -> {
                    if (cache.size() >= MAX_ENTRIES) {
                        cache.clear();
                    }
                    cache.put(key, new Entry(app, System.nanoTime()));
                }));
    }

    public void evict(String tenantId, String clientId) {
        cache.remove(tenantId + "\n" + clientId);
    }

    public void evictTenant(String tenantId) {
        cache.keySet().removeIf(key -> key.startsWith(tenantId + "\n"));
    }
}
