package io.jitsso.contracts.outbox;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes a service's outbox rows to Kafka, oldest first. One replica relays at a time (a
 * transaction-scoped advisory lock, one lock id per service), which keeps each aggregate's events
 * in order; rows are deleted only after the broker acknowledged them, so a broker outage delays
 * events but never loses them. Each service wraps it in a scheduled bean.
 */
public final class OutboxRelay {

    private record Pending(long seq, OutboxRecord record) {
    }

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final long lockId;
    private final int batchSize;

    public OutboxRelay(Pool pool, MutinyEmitter<String> emitter, long lockId, int batchSize) {
        this.pool = pool;
        this.emitter = emitter;
        this.lockId = lockId;
        this.batchSize = batchSize;
    }

    /** Publishes one batch; returns how many events left the outbox (0 when another replica relays). */
    public Uni<Integer> relayOnce() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("select pg_try_advisory_xact_lock($1) as locked")
                .execute(Tuple.of(lockId))
                .chain(rows -> rows.iterator().next().getBoolean("locked")
                        ? oldest(connection)
                                .call(this::publish)
                                .call(pending -> delete(connection, pending))
                                .map(List::size)
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
