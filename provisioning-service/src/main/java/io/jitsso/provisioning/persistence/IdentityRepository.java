package io.jitsso.provisioning.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Upstream accounts for the admin API's read side, always looked up within one tenant. */
@ApplicationScoped
public class IdentityRepository implements PanacheRepositoryBase<IdentityEntity, IdentityEntity.Key> {

    public Uni<List<IdentityEntity>> ofUser(String tenantId, UUID userId) {
        return list("tenantId = ?1 and userId = ?2 order by connectionId, upstreamSubject", tenantId, userId);
    }
}
