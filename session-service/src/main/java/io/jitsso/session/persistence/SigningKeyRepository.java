package io.jitsso.session.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class SigningKeyRepository implements PanacheRepositoryBase<SigningKeyEntity, String> {

    /** Active keys plus retired ones still inside their publication window. */
    public Uni<List<SigningKeyEntity>> listPublished(String tenantId, Instant now) {
        return list("tenantId = ?1 and (state = 'ACTIVE' or publishUntil > ?2) order by createdAt desc", tenantId, now);
    }

    public Uni<List<SigningKeyEntity>> listActive(String tenantId) {
        return list("tenantId = ?1 and state = 'ACTIVE'", tenantId);
    }
}
