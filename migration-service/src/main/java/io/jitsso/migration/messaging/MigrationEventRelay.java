package io.jitsso.migration.messaging;

import io.jitsso.contracts.outbox.OutboxRelay;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Relays the migration outbox (sign-in and migrated events) to Kafka. A migration nudges the relay
 * right after its transaction committed, so events leave within milliseconds; the schedule is the
 * safety net for nudges that found the broker away. One relay pass runs at a time per replica (and
 * one per cluster, through the relay's advisory lock).
 */
@ApplicationScoped
public class MigrationEventRelay {

    private static final Logger LOG = Logger.getLogger(MigrationEventRelay.class);
    /** This service's relay lock in pg_advisory locks ("jitsso" + 4). */
    private static final long RELAY_LOCK = 0x6a69_7473_736f_0004L;

    private final OutboxRelay relay;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean failing;

    MigrationEventRelay(Pool pool,
            @Channel("migration-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> emitter) {
        this.relay = new OutboxRelay(pool, emitter, RELAY_LOCK, 500);
    }

    /** Starts a little after boot: the Kafka channel this bean's emitter needs is wired last. */
    @Scheduled(every = "${jitsso.outbox.poll-interval}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return pass();
    }

    /** Publishes what was just committed, without waiting for the next tick; never fails the caller. */
    public void nudge() {
        pass().subscribe().with(ignored -> {
        }, failure -> {
        });
    }

    private Uni<Void> pass() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return Uni.createFrom().voidItem();
        }
        again.set(false);
        return relay.relayOnce()
                .invoke(count -> {
                    if (failing) {
                        LOG.info("outbox relay recovered");
                        failing = false;
                    }
                })
                .onFailure().invoke(e -> {
                    if (!failing) {
                        LOG.warnf("outbox relay cannot publish yet, will retry: %s", e.getMessage());
                        failing = true;
                    }
                })
                .onFailure().recoverWithNull()
                .eventually(() -> {
                    running.set(false);
                    if (again.getAndSet(false) && !failing) {
                        nudge();
                    }
                })
                .replaceWithVoid();
    }
}
