package io.jitsso.session.messaging;

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
 * Relays session-service's outbox to Kafka: nudged after every committed change, and on a schedule
 * for what a failed run or another replica left behind.
 */
@ApplicationScoped
public class SessionEventRelay {

    /** This service's relay lock in pg_advisory locks ("jitsso" + 1). */
    private static final long RELAY_LOCK = 0x6a69_7473_736f_0001L;

    private final OutboxRelay relay;

    SessionEventRelay(Pool pool,
            @Channel("session-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
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
