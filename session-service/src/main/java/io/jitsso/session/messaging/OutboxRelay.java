package io.jitsso.session.messaging;

import io.jitsso.session.persistence.Outbox;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka, oldest first. One replica relays at a time (a transaction-scoped
 * advisory lock), which keeps each session's events in order; rows are deleted only after the
 * broker acknowledged them, so a broker outage delays events but never loses them.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary constant naming this service's relay lock in pg_advisory locks. */
    private static final long RELAY_LOCK = 0x6a69_7473_736f_0001L;
    private static final int BATCH = 500;

    private final Pool pool;
    private final Outbox outbox;
    private final MutinyEmitter<String> emitter;
    private volatile boolean failing;

    OutboxRelay(Pool pool, Outbox outbox,
            @Channel("session-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> emitter) {
        this.pool = pool;
        this.outbox = outbox;
        this.emitter = emitter;
    }

    @Scheduled(every = "${jitsso.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return relay()
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

    /** Publishes one batch; returns how many events left the outbox. */
    public Uni<Integer> relay() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("select pg_try_advisory_xact_lock($1) as locked")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(RELAY_LOCK))
                .chain(rows -> rows.iterator().next().getBoolean("locked")
                        ? outbox.oldest(connection, BATCH)
                                .call(this::publish)
                                .call(pending -> pending.isEmpty() ? Uni.createFrom().voidItem() : outbox.delete(connection, pending))
                                .map(List::size)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Void> publish(List<Outbox.Pending> pending) {
        if (pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // subscribed in list order: the producer keeps that order per partition (idempotent producer)
        List<Uni<Void>> sends = pending.stream()
                .map(row -> emitter.sendMessage(Message.of(row.payload()).addMetadata(
                        OutgoingKafkaRecordMetadata.<String>builder().withKey(row.key()).withTopic(row.topic()).build())))
                .toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
