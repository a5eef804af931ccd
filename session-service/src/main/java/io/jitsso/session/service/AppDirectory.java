package io.jitsso.session.service;

import io.jitsso.session.config.SessionConfig;
import io.jitsso.session.persistence.AppRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.jitsso.contracts.reactive.TtlCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * App registrations by (tenant, client id), cached per replica for {@code jitsso.apps.cache-ttl}
 * because every token request needs one. Changes made on this replica evict at once; another
 * replica sees a rotated secret or a deleted app within the TTL (documented in docs/security.md).
 */
@ApplicationScoped
public class AppDirectory {

    private static final int MAX_ENTRIES = 100_000;
    private final AppRepository repository;
    /** Unknown client ids too, so that a flood of them costs one read each per TTL (bounded). */
    private final TtlCache<String, Optional<AppView>> cache;

    AppDirectory(AppRepository repository, SessionConfig config) {
        this.repository = repository;
        this.cache = new TtlCache<>(config.apps().cacheTtl(), MAX_ENTRIES, app -> true);
    }

    public Uni<Optional<AppView>> find(String tenantId, String clientId) {
        return cache.get(tenantId + "\n" + clientId, () -> Panache.withSession(() -> repository.findByClientId(tenantId, clientId))
                .map(found -> Optional.ofNullable(found).map(AppView::of)));
    }

    public void evict(String tenantId, String clientId) {
        cache.invalidate(tenantId + "\n" + clientId);
    }

    /** Entries held now (for tests and metrics). */
    public int cachedEntries() {
        return cache.size();
    }

    public void evictTenant(String tenantId) {
        cache.invalidateIf(key -> key.startsWith(tenantId + "\n"));
    }
}
