package io.jitsso.provisioning.messaging;

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
 * Relays provisioning-service's outbox (user events) to Kafka: nudged after every applied event
 * ({@link #nudge()}), and on a schedule for whatever a failed or skipped run left behind.
 */
@ApplicationScoped
public class ProvisioningEventRelay {

    /** This service's relay lock in pg_advisory locks ("jitsso" + 3). */
    private static final long RELAY_LOCK = 0x6a69_7473_736f_0003L;

    private final OutboxRelay relay;

    ProvisioningEventRelay(Pool pool,
            @Channel("user-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> emitter,
            @ConfigProperty(name = "jitsso.outbox.linger", defaultValue = "PT0.05S") Duration linger) {
        this.relay = new OutboxRelay(pool, emitter, RELAY_LOCK, 500, linger);
    }

    /** Publish what was just committed. */
    public void nudge() {
        relay.nudge();
    }

    @Scheduled(every = "${jitsso.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        return relay.drain();
    }
}
