package io.jitsso.provisioning.service;

import io.jitsso.contracts.events.ConnectionDisconnectedEvent;
import io.jitsso.contracts.events.UserEvent;
import io.jitsso.provisioning.persistence.AccountStore;
import io.jitsso.provisioning.persistence.AuditDetails;
import io.jitsso.provisioning.persistence.ChangeWriter;
import io.jitsso.provisioning.persistence.ConnectionWatermarks;
import io.jitsso.provisioning.persistence.ProcessedEvents;
import io.jitsso.provisioning.persistence.UserEventOutbox;
import io.jitsso.provisioning.persistence.UserStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Applies a disconnect (SPEC A9): every user with an account of the connection loses the roles it
 * granted and keeps {@code viewer}, and sign-in events the gateway read before the disconnect grant nothing
 * when they arrive after it (ConnectionWatermarks). Sessions are revoked by the gateway, not here. One
 * transaction per event, users locked in id order; applied once per event id.
 */
@ApplicationScoped
public class DisconnectProvisioning {

    static final String ACTOR = "gateway";

    private final Pool pool;
    private final ProcessedEvents processed;
    private final AccountStore accounts;
    private final UserStore users;
    private final ChangeWriter writer;
    private final UserEventOutbox outbox;
    private final ConnectionWatermarks watermarks;

    DisconnectProvisioning(Pool pool, ProcessedEvents processed, AccountStore accounts, UserStore users, ChangeWriter writer,
            UserEventOutbox outbox, ConnectionWatermarks watermarks) {
        this.watermarks = watermarks;
        this.pool = pool;
        this.processed = processed;
        this.accounts = accounts;
        this.users = users;
        this.writer = writer;
        this.outbox = outbox;
    }

    public Uni<ApplyResult> apply(ConnectionDisconnectedEvent event) {
        return pool.withTransaction(connection -> processed.markProcessed(connection, List.of(event.eventId()))
                .chain(fresh -> fresh.isEmpty() ? Uni.createFrom().item(ApplyResult.DUPLICATE) : downgradeAll(connection, event)));
    }

    private Uni<ApplyResult> downgradeAll(SqlConnection connection, ConnectionDisconnectedEvent event) {
        WorkingSet set = new WorkingSet(outbox);
        // the connection's lock first: sign-in batches of it either committed before (their users are found
        // below) or wait and then read this disconnect's version (ConnectionWatermarks)
        return watermarks.disconnect(connection, event.tenantId(), event.connectionId(), event.connectionVersion(),
                        event.occurredAt())
                .chain(() -> accounts.usersOf(connection, event.tenantId(), event.connectionId()))
                .chain(userIds -> users.lockWithGrants(connection, userIds).invoke(set::addStored)
                        .map(ignored -> downgrade(set, event, userIds)))
                .call(downgraded -> {
                    AuditDetails details = new AuditDetails(event.eventId(), null, null, null, null, null, null, null, downgraded,
                            null, null);
                    set.audit(event.tenantId(), ACTOR, "connection.disconnected", null, event.connectionId(), details);
                    return writer.write(connection, set.drain());
                })
                .map(downgraded -> downgraded > 0 ? ApplyResult.DOWNGRADED : ApplyResult.AUDITED);
    }

    /** Downgrades each user (in id order); returns how many changed. */
    private static int downgrade(WorkingSet set, ConnectionDisconnectedEvent event, List<UUID> userIds) {
        int downgraded = 0;
        AuditDetails details = new AuditDetails(event.eventId(), null, null, null, null, null, null, null, null, null, null);
        for (UUID userId : userIds) {
            if (!set.hasUser(userId)) {
                continue;
            }
            WorkingSet.UserState user = set.user(event.tenantId(), userId);
            RolePlan plan = RolePlan.downgrade(user.grants(), RoleSources.connection(event.connectionId()));
            if (!plan.isEmpty()) {
                set.change(user, plan, UserEvent.Type.DOWNGRADED, event.connectionId(), ACTOR, "user.downgraded", details);
                downgraded++;
            }
        }
        return downgraded;
    }
}
