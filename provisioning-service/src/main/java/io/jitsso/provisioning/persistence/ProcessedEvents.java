package io.jitsso.provisioning.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Ids of events already applied: a redelivered event is recognised and skipped. */
@ApplicationScoped
public class ProcessedEvents {

    private final Pool pool;

    ProcessedEvents(Pool pool) {
        this.pool = pool;
    }

    /**
     * Records the event ids in the caller's transaction and returns those recorded now (the others were
     * recorded before). A concurrent transaction recording one of the ids makes this one wait for its
     * outcome, so exactly one applies each event.
     */
    public Uni<Set<String>> markProcessed(SqlConnection connection, Collection<String> eventIds) {
        return connection.preparedQuery("insert into processed_event (event_id, processed_at)"
                        + " select id, now() from unnest($1::text[]) as t(id) on conflict do nothing returning event_id")
                .execute(Tuple.of(eventIds.stream().distinct().toArray(String[]::new)))
                .map(rows -> {
                    Set<String> fresh = new HashSet<>();
                    for (Row row : rows) {
                        fresh.add(row.getString("event_id"));
                    }
                    return fresh;
                });
    }

    /** Forgets ids recorded before {@code cutoff}; returns how many. */
    public Uni<Integer> forgetBefore(Instant cutoff) {
        return pool.preparedQuery("delete from processed_event where processed_at < $1")
                .execute(Tuple.of(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}
