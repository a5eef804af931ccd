package io.jitsso.provisioning.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** A tenant's audit log, newest first. */
@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditEntity, Long> {

    /** Entries with an id below {@code before} (all when null), optionally of one user. */
    public Uni<List<AuditEntity>> page(String tenantId, UUID userId, Long before, int limit) {
        StringBuilder query = new StringBuilder("tenantId = :tenant");
        Parameters parameters = Parameters.with("tenant", tenantId);
        if (userId != null) {
            query.append(" and userId = :user");
            parameters.and("user", userId);
        }
        if (before != null) {
            query.append(" and id < :before");
            parameters.and("before", before);
        }
        query.append(" order by id desc");
        return find(query.toString(), parameters).range(0, limit - 1).list();
    }
}
