package io.jitsso.session.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.events.SessionEvent;
import io.jitsso.contracts.events.Topics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The transactional outbox: events are inserted in the transaction of the change they describe,
 * and {@code OutboxRelay} publishes them to Kafka afterwards, so a change and its event are never
 * separated by a crash or a broker outage.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper json;
    private final Pool pool;
    private final java.util.concurrent.atomic.AtomicLong appended = new java.util.concurrent.atomic.AtomicLong();

    Outbox(ObjectMapper json, Pool pool) {
        this.json = json;
        this.pool = pool;
    }

    /** An outbox row waiting to be published. */
    public record Pending(long seq, String topic, String key, String payload) {
    }

    Uni<Void> append(SqlConnection connection, SessionRecord session, SessionEvent.Type type, String clientId, String reason) {
        return appendAll(connection, List.of(session), type, clientId, reason);
    }

    Uni<Void> appendAll(SqlConnection connection, List<SessionRecord> sessions, SessionEvent.Type type, String clientId, String reason) {
        if (sessions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(sessions.size());
        for (SessionRecord session : sessions) {
            SessionEvent event = new SessionEvent(SessionEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), type,
                    session.tenantId(), session.id().toString(), session.subject(), session.connectionId(),
                    session.amr(), clientId, reason, session.version(), Instant.now());
            rows.add(Tuple.of(type.topic(), Topics.key(session.tenantId(), session.id().toString()), serialize(event)));
        }
        return connection.preparedQuery("insert into outbox (topic, record_key, payload) values ($1, $2, $3)")
                .executeBatch(rows)
                .invoke(() -> appended.incrementAndGet())
                .replaceWithVoid();
    }

    /** Increases whenever events were appended; the relay uses it to run promptly. */
    public long appendedCount() {
        return appended.get();
    }

    /** Oldest pending events, in commit order of their sequence. */
    public Uni<List<Pending>> oldest(SqlConnection connection, int limit) {
        return connection.preparedQuery("select seq, topic, record_key, payload from outbox order by seq limit $1")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<Pending> pending = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        pending.add(new Pending(row.getLong("seq"), row.getString("topic"),
                                row.getString("record_key"), row.getString("payload")));
                    }
                    return pending;
                });
    }

    /**
     * Deletes exactly the published rows: a range delete could remove a row with a lower sequence
     * that committed after it was read, and so was never published.
     */
    public Uni<Void> delete(SqlConnection connection, List<Pending> published) {
        Long[] seqs = published.stream().map(Pending::seq).toArray(Long[]::new);
        return connection.preparedQuery("delete from outbox where seq = any($1)")
                .execute(Tuple.of(seqs)).replaceWithVoid();
    }

    public Uni<Long> size() {
        return pool.query("select count(*) from outbox").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    private String serialize(SessionEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("session event not serializable", e);
        }
    }
}
