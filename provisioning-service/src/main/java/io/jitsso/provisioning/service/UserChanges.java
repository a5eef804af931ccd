package io.jitsso.provisioning.service;

import io.jitsso.contracts.events.UserEvent;
import io.jitsso.provisioning.persistence.AuditDetails;
import io.jitsso.provisioning.persistence.AuditEntity;
import io.jitsso.provisioning.persistence.AuditRepository;
import io.jitsso.provisioning.persistence.RoleEntity;
import io.jitsso.provisioning.persistence.RoleRepository;
import io.jitsso.provisioning.persistence.UserEntity;
import io.jitsso.provisioning.persistence.UserEventOutbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The steps every change of a user shares, inside the caller's transaction: carry out a role plan,
 * bump the version, audit, and append the user event to the outbox.
 */
@ApplicationScoped
public class UserChanges {

    private final RoleRepository roles;
    private final AuditRepository audit;
    private final UserEventOutbox outbox;

    UserChanges(RoleRepository roles, AuditRepository audit, UserEventOutbox outbox) {
        this.roles = roles;
        this.audit = audit;
        this.outbox = outbox;
    }

    /** A user's grants as loaded, with the entities needed to remove them. */
    public record LoadedGrants(List<RoleEntity> entities) {

        public List<Grant> grants() {
            return entities.stream().map(r -> new Grant(r.role, r.source)).toList();
        }
    }

    public Uni<LoadedGrants> grantsOf(UserEntity user) {
        return roles.ofUser(user.tenantId, user.id).map(LoadedGrants::new);
    }

    /**
     * Records a change of {@code user}: its version increases, the plan is carried out, the audit
     * entry and the user event (with the effective roles after the change) are written.
     */
    public Uni<Void> change(UserEntity user, LoadedGrants loaded, RolePlan plan, UserEvent.Type type, String connectionId,
            String actor, String action, AuditDetails details) {
        user.version++;
        user.updatedAt = Instant.now();
        List<Grant> after = plan.applyTo(loaded.grants());
        return carryOut(user, loaded, plan)
                .chain(() -> record(user.tenantId, actor, action, user.id, connectionId,
                        details.withRoles(plan.granted(), plan.removed())))
                .chain(() -> outbox.append(user, RolePlan.effective(after), type, connectionId));
    }

    /** Stores a new user with its first grants, audits it and announces it. */
    public Uni<Void> create(UserEntity user, RolePlan plan, String connectionId, String actor, AuditDetails details) {
        return user.<UserEntity>persist()
                .chain(() -> carryOut(user, new LoadedGrants(List.of()), plan))
                .chain(() -> record(user.tenantId, actor, "user.created", user.id, connectionId,
                        details.withRoles(plan.granted(), plan.removed())))
                .chain(() -> outbox.append(user, RolePlan.effective(plan.toAdd()), UserEvent.Type.CREATED, connectionId));
    }

    public Uni<Void> record(String tenantId, String actor, String action, UUID userId, String connectionId, AuditDetails details) {
        return audit.persist(AuditEntity.of(tenantId, actor, action, userId, connectionId, details)).replaceWithVoid();
    }

    private Uni<Void> carryOut(UserEntity user, LoadedGrants loaded, RolePlan plan) {
        List<RoleEntity> removed = loaded.entities().stream()
                .filter(r -> plan.toRemove().contains(new Grant(r.role, r.source))).toList();
        List<RoleEntity> added = new ArrayList<>(plan.toAdd().size());
        Instant now = Instant.now();
        for (Grant grant : plan.toAdd()) {
            RoleEntity role = new RoleEntity();
            role.userId = user.id;
            role.tenantId = user.tenantId;
            role.role = grant.role();
            role.source = grant.source();
            role.grantedAt = now;
            added.add(role);
        }
        Uni<Void> steps = Uni.createFrom().voidItem();
        for (RoleEntity role : removed) {
            steps = steps.chain(() -> roles.delete(role));
        }
        return added.isEmpty() ? steps : steps.chain(() -> roles.persist(added));
    }
}
