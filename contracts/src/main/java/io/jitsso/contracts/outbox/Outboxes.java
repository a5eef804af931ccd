package io.jitsso.contracts.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes events into a service's {@code outbox} table (same shape in every service) inside the
 * caller's transaction: the state change and its events commit or roll back together.
 */
public final class Outboxes {

    private Outboxes() {
    }

    public static Uni<Void> append(SqlConnection connection, List<OutboxRecord> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(records.size());
        for (OutboxRecord record : records) {
            rows.add(Tuple.of(record.topic(), record.key(), record.payload()));
        }
        return connection.preparedQuery("insert into outbox (topic, record_key, payload) values ($1, $2, $3)")
                .executeBatch(rows)
                .replaceWithVoid();
    }
}
