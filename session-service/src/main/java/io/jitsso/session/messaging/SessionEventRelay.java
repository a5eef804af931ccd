package io.jitsso.session.messaging;

import io.jitsso.contracts.outbox.OutboxRelay;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/** Relays session-service's outbox to Kafka on a short schedule; failures wait for the next tick. */
@ApplicationScoped
public class SessionEventRelay {

    private static final Logger LOG = Logger.getLogger(SessionEventRelay.class);
    /** This service's relay lock in pg_advisory locks ("jitsso" + 1). */
    private static final long RELAY_LOCK = 0x6a69_7473_736f_0001L;

    private final OutboxRelay relay;
    private volatile boolean failing;

    SessionEventRelay(Pool pool,
            @Channel("session-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> emitter) {
        this.relay = new OutboxRelay(pool, emitter, RELAY_LOCK, 500);
    }

    @Scheduled(every = "${jitsso.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
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
                .replaceWithVoid();
    }
}
