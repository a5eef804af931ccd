package io.jitsso.contracts.outbox;

import io.jitsso.contracts.reactive.Transactions;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes a service's outbox rows to Kafka, oldest first. One replica relays at a time (a
 * transaction-scoped advisory lock, one lock id per service), which keeps each aggregate's events
 * in order; rows are deleted only after the broker acknowledged them, so a broker outage delays
 * events but never loses them.
 *
 * <p>Each service wraps it in a bean that calls {@link #drain()} on a schedule (for what other
 * replicas or failed runs left) and {@link #nudge()} right after it committed events, so events
 * leave within milliseconds rather than at the next tick. One drain runs at a time per replica; a
 * nudge that arrives during a drain makes it run once more. A run that found less than a full batch
 * ends the drain: a row committed after its read is followed by a nudge, which either arrives during
 * the run (and makes it run again) or after it (and starts a drain). Reading once more to find the
 * outbox empty cost every sign-in an extra transaction in each service that relays.
 *
 * <p>Drains are paced by {@code linger}: a nudge when no drain started within the last
 * {@code linger} drains at once; otherwise it waits until {@code linger} after the last start, and
 * the nudges of that window share that drain. An idle service's event leaves at once, and under
 * load one relay transaction and one produce request carry the events of every sign-in of the
 * window (ADR-24). An event waits at most {@code linger}; zero drains at every nudge.
 */
public final class OutboxRelay {

    private record Pending(long seq, OutboxRecord record) {
    }

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(OutboxRelay.class);

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final long lockId;
    private final int batchSize;
    private final DrainPacing pacing;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean failing;

    public OutboxRelay(Pool pool, MutinyEmitter<String> emitter, long lockId, int batchSize, Duration linger) {
        this.pool = pool;
        this.emitter = emitter;
        this.lockId = lockId;
        this.batchSize = batchSize;
        this.pacing = new DrainPacing(linger.toNanos(), System::nanoTime, new DrainPacing.Drains() {
            @Override
            public void now() {
                drain().subscribe().with(ignored -> {
                }, ignored -> {
                });
            }

            @Override
            public void after(long millis) {
                Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(millis))
                        .onTermination().invoke(pacing::due)
                        .chain(OutboxRelay.this::drain)
                        // drain() never fails, so this is the wait itself: say so, as the refused timer of ADR-24 did not
                        .subscribe().with(ignored -> {
                        }, failure -> LOG.warnf("outbox relay could not wait for its next drain (the next nudge or"
                                + " the schedule drains instead): %s", failure.toString()));
            }
        });
    }

    /**
     * Starts a drain at once when none started within the linger, else at the linger's end unless one
     * is already waiting to start (see {@link DrainPacing}); never waits for it. For callers that just
     * committed events.
     */
    public void nudge() {
        pacing.nudge();
    }

    /**
     * Publishes until the outbox is empty, a run fails (the next drain retries), or another replica
     * holds the relay lock. Never fails: publishing problems are logged once until they clear.
     */
    public Uni<Void> drain() {
        return Uni.createFrom().deferred(() -> {
            if (!running.compareAndSet(false, true)) {
                again.set(true);
                return Uni.createFrom().voidItem();
            }
            again.set(false);
            pacing.started();
            return relayOnce()
                    .invoke(this::recovered)
                    .onFailure().invoke(this::failed)
                    .onFailure().recoverWithItem(-1)
                    .eventually(() -> running.set(false))
                    .chain(count -> count >= 0 && (count == batchSize || again.get()) ? drain() : Uni.createFrom().voidItem());
        });
    }

    private void recovered() {
        if (failing) {
            LOG.info("outbox relay recovered");
            failing = false;
        }
    }

    private void failed(Throwable failure) {
        if (!failing) {
            LOG.warnf("outbox relay cannot publish yet, will retry: %s", failure.getMessage());
            failing = true;
        }
    }

    /**
     * Publishes one batch; returns how many events left the outbox (0 when another replica relays).
     * The delete commits without waiting for the WAL flush (ADR-14): a PostgreSQL crash can bring
     * back rows that were already published, which are then published again. Consumers already
     * skip duplicates by event id, since a relay that dies between the broker's ack and its commit
     * republishes too; nothing can be lost this way.
     */
    public Uni<Integer> relayOnce() {
        // the lock and the read go out in one flight (ADR-23): the read runs after the lock statement, on
        // the same connection, and its rows are dropped when another replica holds the lock
        return Transactions.pipelined(pool, connection -> Uni.combine().all().unis(
                        connection.preparedQuery("select pg_try_advisory_xact_lock($1) as locked,"
                                        + " set_config('synchronous_commit', 'off', true) as commit_mode")
                                .execute(Tuple.of(lockId))
                                .map(rows -> rows.iterator().next().getBoolean("locked")),
                        oldest(connection))
                .asTuple()
                .chain(read -> read.getItem1()
                        ? publish(read.getItem2())
                                .call(() -> delete(connection, read.getItem2()))
                                .replaceWith(read.getItem2().size())
                        : Uni.createFrom().item(0)));
    }

    public Uni<Long> pending() {
        return pool.query("select count(*) from outbox").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    private Uni<List<Pending>> oldest(SqlConnection connection) {
        return connection.preparedQuery("select seq, topic, record_key, payload from outbox order by seq limit $1")
                .execute(Tuple.of(batchSize))
                .map(rows -> {
                    List<Pending> pending = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        pending.add(new Pending(row.getLong("seq"), new OutboxRecord(row.getString("topic"),
                                row.getString("record_key"), row.getString("payload"))));
                    }
                    return pending;
                });
    }

    private Uni<Void> publish(List<Pending> pending) {
        if (pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // subscribed in list order: the idempotent producer keeps that order per partition
        List<Uni<Void>> sends = pending.stream()
                .map(row -> emitter.sendMessage(Message.of(row.record().payload()).addMetadata(
                        OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(row.record().key()).withTopic(row.record().topic()).build())))
                .toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    /**
     * Deletes exactly the published rows: a range delete could remove a row with a lower sequence
     * that committed after it was read, and so was never published.
     */
    private static Uni<Void> delete(SqlConnection connection, List<Pending> published) {
        if (published.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] seqs = published.stream().map(Pending::seq).toArray(Long[]::new);
        return connection.preparedQuery("delete from outbox where seq = any($1)").execute(Tuple.of(seqs)).replaceWithVoid();
    }
}
