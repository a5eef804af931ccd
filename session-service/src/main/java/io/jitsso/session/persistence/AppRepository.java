package io.jitsso.session.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AppRepository implements PanacheRepositoryBase<AppEntity, UUID> {

    public Uni<AppEntity> findByClientId(String tenantId, String clientId) {
        return find("tenantId = ?1 and clientId = ?2", tenantId, clientId).firstResult();
    }

    public Uni<List<AppEntity>> listByTenant(String tenantId) {
        return list("tenantId = ?1 order by createdAt", tenantId);
    }
}
