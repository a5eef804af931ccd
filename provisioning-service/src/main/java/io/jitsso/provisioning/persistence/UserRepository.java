package io.jitsso.provisioning.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Users for the admin API's read side, always looked up within one tenant. */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<UserEntity, UUID> {

    public Uni<UserEntity> findInTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    /**
     * One page of a tenant's users ordered by id, after the cursor, optionally only those with an email
     * (case-insensitive) or an identity of a connection.
     */
    public Uni<List<UserEntity>> page(String tenantId, String email, String connectionId, UUID after, int limit) {
        StringBuilder query = new StringBuilder("tenantId = :tenant");
        Parameters parameters = Parameters.with("tenant", tenantId);
        if (email != null) {
            query.append(" and lower(email) = lower(:email)");
            parameters.and("email", email);
        }
        if (connectionId != null) {
            query.append(" and id in (select i.userId from IdentityEntity i where i.tenantId = :tenant and i.connectionId = :connection)");
            parameters.and("connection", connectionId);
        }
        if (after != null) {
            query.append(" and id > :after");
            parameters.and("after", after);
        }
        query.append(" order by id");
        return find(query.toString(), parameters).range(0, limit - 1).list();
    }
}
