package io.jitsso.session.service;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.session.persistence.TenantEntity;
import io.jitsso.session.persistence.TenantRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Tenants as the session service knows them: an id, a name and their signing keys. */
@ApplicationScoped
public class TenantService {

    private final TenantRepository tenants;
    private final KeyRing keyRing;

    TenantService(TenantRepository tenants, KeyRing keyRing) {
        this.tenants = tenants;
        this.keyRing = keyRing;
    }

    @WithTransaction
    public Uni<TenantEntity> create(String id, String name) {
        Instant now = Instant.now();
        return tenants.findById(id)
                .invoke(existing -> {
                    if (existing != null) {
                        throw new ApiException.Conflict("tenant " + id + " already exists");
                    }
                })
                .chain(() -> {
                    TenantEntity tenant = new TenantEntity();
                    tenant.id = id;
                    tenant.name = name;
                    tenant.createdAt = now;
                    return tenants.persist(tenant);
                })
                .call(tenant -> keyRing.createKeys(id, now));
    }

    @WithSession
    public Uni<TenantEntity> get(String id) {
        return tenants.findById(id).onItem().ifNull().failWith(() -> new ApiException.NotFound("no tenant " + id));
    }

    @WithSession
    public Uni<List<TenantEntity>> list() {
        return tenants.listAll(io.quarkus.panache.common.Sort.by("id"));
    }

    /** The key cache is evicted again after the commit: a load between rotate() and the commit read the old keys. */
    public Uni<List<String>> rotateKeys(String id) {
        return Panache.withTransaction(() -> tenants.findById(id)
                        .onItem().ifNull().failWith(() -> new ApiException.NotFound("no tenant " + id))
                        .chain(() -> keyRing.rotate(id, Instant.now())))
                .invoke(() -> keyRing.evict(id));
    }
}
