package io.jitsso.provisioning.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Role grants with their provenance, always looked up within one tenant. */
@ApplicationScoped
public class RoleRepository implements PanacheRepositoryBase<RoleEntity, RoleEntity.Key> {

    public Uni<List<RoleEntity>> ofUser(String tenantId, UUID userId) {
        return list("tenantId = ?1 and userId = ?2 order by role, source", tenantId, userId);
    }

    public Uni<List<RoleEntity>> ofUsers(String tenantId, Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("tenantId = ?1 and userId in ?2 order by role, source", tenantId, userIds);
    }
}
