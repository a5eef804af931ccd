package io.jitsso.migration.messaging;

import io.jitsso.contracts.outbox.OutboxRelay;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Relays the migration outbox (sign-in and migrated events) to Kafka. A migration nudges the relay
 * right after its transaction committed, so events leave within milliseconds; the schedule is the
 * safety net for nudges that found the broker away. One relay pass runs at a time per replica (and
 * one per cluster, through the relay's advisory lock).
 */
@ApplicationScoped
public class MigrationEventRelay {

    /** This service's relay lock in pg_advisory locks ("jitsso" + 4). */
    private static final long RELAY_LOCK = 0x6a69_7473_736f_0004L;

    private final OutboxRelay relay;

    MigrationEventRelay(Pool pool,
            @Channel("migration-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> emitter,
            @ConfigProperty(name = "jitsso.outbox.linger", defaultValue = "PT0.05S") Duration linger) {
        this.relay = new OutboxRelay(pool, emitter, RELAY_LOCK, 500, linger);
    }

    /** Starts a little after boot: the Kafka channel this bean's emitter needs is wired last. */
    @Scheduled(every = "${jitsso.outbox.poll-interval}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return relay.drain();
    }

    /** Publishes what was just committed, without waiting for the next tick; never fails the caller. */
    public void nudge() {
        relay.nudge();
    }
}
