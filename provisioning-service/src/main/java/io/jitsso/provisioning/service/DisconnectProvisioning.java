package io.jitsso.provisioning.service;

import io.jitsso.contracts.events.ConnectionDisconnectedEvent;
import io.jitsso.contracts.events.UserEvent;
import io.jitsso.provisioning.persistence.AuditDetails;
import io.jitsso.provisioning.persistence.IdentityEntity;
import io.jitsso.provisioning.persistence.IdentityRepository;
import io.jitsso.provisioning.persistence.ProcessedEvents;
import io.jitsso.provisioning.persistence.UserEntity;
import io.jitsso.provisioning.persistence.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Applies a disconnect (SPEC A9): every user with an account of the connection loses the roles it
 * granted and keeps {@code viewer}. Sessions are revoked by the gateway, not here. One transaction per
 * event, users locked in id order; applied once per event id.
 */
@ApplicationScoped
public class DisconnectProvisioning {

    static final String ACTOR = "gateway";

    private final UserRepository users;
    private final IdentityRepository identities;
    private final ProcessedEvents processed;
    private final UserChanges changes;

    DisconnectProvisioning(UserRepository users, IdentityRepository identities, ProcessedEvents processed,
            UserChanges changes) {
        this.users = users;
        this.identities = identities;
        this.processed = processed;
        this.changes = changes;
    }

    public Uni<ApplyResult> apply(ConnectionDisconnectedEvent event) {
        return Panache.withTransaction(() -> processed.markProcessed(event.eventId())
                .chain(fresh -> fresh ? downgradeAll(event) : Uni.createFrom().item(ApplyResult.DUPLICATE)));
    }

    private Uni<ApplyResult> downgradeAll(ConnectionDisconnectedEvent event) {
        return identities.ofConnection(event.tenantId(), event.connectionId())
                .map(DisconnectProvisioning::usersOf)
                .chain(userIds -> Multi.createFrom().iterable(userIds)
                        .onItem().transformToUniAndConcatenate(userId -> downgrade(event, userId))
                        .collect().asList())
                .chain(changed -> {
                    int downgraded = (int) changed.stream().filter(Boolean::booleanValue).count();
                    AuditDetails details = new AuditDetails(event.eventId(), null, null, null, null, null, null, null,
                            downgraded);
                    return changes.record(event.tenantId(), ACTOR, "connection.disconnected", null,
                            event.connectionId(), details)
                            .replaceWith(downgraded > 0 ? ApplyResult.DOWNGRADED : ApplyResult.AUDITED);
                });
    }

    /** Returns whether the user changed. */
    private Uni<Boolean> downgrade(ConnectionDisconnectedEvent event, UUID userId) {
        return users.lockInTenant(event.tenantId(), userId).chain(user -> user == null
                ? Uni.createFrom().item(false)
                : downgrade(event, user));
    }

    private Uni<Boolean> downgrade(ConnectionDisconnectedEvent event, UserEntity user) {
        return changes.grantsOf(user).chain(grants -> {
            RolePlan plan = RolePlan.downgrade(grants.grants(), RoleSources.connection(event.connectionId()));
            if (plan.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            AuditDetails details = new AuditDetails(event.eventId(), null, null, null, null, null, null, null, null);
            return changes.change(user, grants, plan, UserEvent.Type.DOWNGRADED, event.connectionId(), ACTOR,
                    "user.downgraded", details).replaceWith(true);
        });
    }

    /** Each user once, in id order: concurrent disconnects lock users in the same order. */
    private static List<UUID> usersOf(List<IdentityEntity> accounts) {
        return accounts.stream().map(a -> a.userId).distinct().sorted().toList();
    }
}
