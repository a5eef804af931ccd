package io.jitsso.provisioning.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;

/** Upstream accounts, always looked up within one tenant. */
@ApplicationScoped
public class IdentityRepository implements PanacheRepositoryBase<IdentityEntity, IdentityEntity.Key> {

    /** The account, row-locked until the transaction ends; null when it has never signed in. */
    public Uni<IdentityEntity> lock(String tenantId, String connectionId, String upstreamSubject) {
        return find("tenantId = ?1 and connectionId = ?2 and upstreamSubject = ?3", tenantId, connectionId, upstreamSubject)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<List<IdentityEntity>> ofConnection(String tenantId, String connectionId) {
        return list("tenantId = ?1 and connectionId = ?2 order by upstreamSubject", tenantId, connectionId);
    }

    public Uni<List<IdentityEntity>> ofUser(String tenantId, UUID userId) {
        return list("tenantId = ?1 and userId = ?2 order by connectionId, upstreamSubject", tenantId, userId);
    }

    public Uni<Boolean> userHasIdentityOf(String tenantId, UUID userId, String connectionId) {
        return count("tenantId = ?1 and userId = ?2 and connectionId = ?3", tenantId, userId, connectionId).map(n -> n > 0);
    }
}
