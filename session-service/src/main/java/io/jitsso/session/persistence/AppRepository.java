package io.jitsso.session.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AppRepository implements PanacheRepositoryBase<AppEntity, UUID> {

    public Uni<AppEntity> findByClientId(String tenantId, String clientId) {
        return find("tenantId = ?1 and clientId = ?2", tenantId, clientId).firstResult();
    }

    /**
     * The app, its row locked until the transaction ends: changes of one app (an update, a secret rotation) run one
     * after the other, and each writes only the columns it changed (AppEntity), so neither writes back an old value.
     */
    public Uni<AppEntity> findForUpdate(String tenantId, String clientId) {
        return find("tenantId = ?1 and clientId = ?2", tenantId, clientId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    public Uni<List<AppEntity>> listByTenant(String tenantId) {
        return list("tenantId = ?1 order by createdAt", tenantId);
    }
}
