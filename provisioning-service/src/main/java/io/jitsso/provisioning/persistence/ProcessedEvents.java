package io.jitsso.provisioning.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Ids of events already applied: a redelivered event is recognised and skipped. */
@ApplicationScoped
public class ProcessedEvents {

    private final Pool pool;

    ProcessedEvents(Pool pool) {
        this.pool = pool;
    }

    /**
     * Records the event id in the current transaction; false when it was recorded before. A concurrent
     * transaction recording the same id makes this one wait for its outcome, so exactly one applies it.
     */
    public Uni<Boolean> markProcessed(String eventId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("insert into processed_event (event_id, processed_at) values (?1, now()) on conflict do nothing")
                .setParameter(1, eventId)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** Forgets ids recorded before {@code cutoff}; returns how many. */
    public Uni<Integer> forgetBefore(Instant cutoff) {
        return pool.preparedQuery("delete from processed_event where processed_at < $1")
                .execute(Tuple.of(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}
