package io.jitsso.migration.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Failed sign-ins: per identifier (for lockout, shared by all replicas through PostgreSQL) and per
 * source and reason (for the progress API).
 */
@ApplicationScoped
public class FailureStore {

    private final Pool pool;

    FailureStore(Pool pool) {
        this.pool = pool;
    }

    /** An identifier's failure record: whether it has one, and until when it is locked, if it is. */
    public record State(boolean recorded, Optional<Instant> lockedUntil) {
    }

    public Uni<State> state(String tenantId, byte[] identifierDigest, Instant now) {
        return pool.preparedQuery("select locked_until from identifier_failure where tenant_id = $1"
                        + " and identifier_digest = $2")
                .execute(Tuple.tuple().addString(tenantId).addBuffer(Buffer.buffer(identifierDigest)))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return new State(false, Optional.empty());
                    }
                    java.time.OffsetDateTime until = rows.iterator().next().getOffsetDateTime("locked_until");
                    return new State(true, until != null && until.toInstant().isAfter(now)
                            ? Optional.of(until.toInstant()) : Optional.empty());
                });
    }

    /**
     * Counts a failure in the current window (a new window starts when the last one is over) and locks
     * the identifier when the count reaches {@code maxFailures}. Returns the lock's end, if it locked.
     */
    public Uni<Optional<Instant>> recordFailure(String tenantId, byte[] identifierDigest, Instant now, int maxFailures,
            Duration window, Duration lockout) {
        return pool.preparedQuery("insert into identifier_failure (tenant_id, identifier_digest, failures, window_started_at)"
                        + " values ($1, $2, 1, $3) on conflict (tenant_id, identifier_digest) do update set"
                        + " failures = case when identifier_failure.window_started_at < $4 then 1 else identifier_failure.failures + 1 end,"
                        + " window_started_at = case when identifier_failure.window_started_at < $4 then $3"
                        + " else identifier_failure.window_started_at end"
                        + " returning failures")
                .execute(Tuple.tuple().addString(tenantId).addBuffer(Buffer.buffer(identifierDigest))
                        .addOffsetDateTime(SourceStore.utc(now)).addOffsetDateTime(SourceStore.utc(now.minus(window))))
                .chain(rows -> {
                    int failures = rows.iterator().next().getInteger("failures");
                    if (failures < maxFailures) {
                        return Uni.createFrom().item(Optional.<Instant>empty());
                    }
                    Instant until = now.plus(lockout);
                    // the lock starts a fresh window: after it ends, the identifier has maxFailures attempts again
                    return pool.preparedQuery("update identifier_failure set locked_until = $3, failures = 0,"
                                    + " window_started_at = $3 where tenant_id = $1 and identifier_digest = $2")
                            .execute(Tuple.tuple().addString(tenantId).addBuffer(Buffer.buffer(identifierDigest))
                                    .addOffsetDateTime(SourceStore.utc(until)))
                            .replaceWith(Optional.of(until));
                });
    }

    /** A successful sign-in forgets the identifier's failures. */
    public Uni<Void> clear(String tenantId, byte[] identifierDigest) {
        return pool.preparedQuery("delete from identifier_failure where tenant_id = $1 and identifier_digest = $2")
                .execute(Tuple.tuple().addString(tenantId).addBuffer(Buffer.buffer(identifierDigest)))
                .replaceWithVoid();
    }

    public Uni<Void> count(String tenantId, String sourceId, String reason, Instant now) {
        return pool.preparedQuery("insert into migration_failure (tenant_id, source_id, reason, failures, last_failure_at)"
                        + " values ($1, $2, $3, 1, $4) on conflict (tenant_id, source_id, reason) do update set"
                        + " failures = migration_failure.failures + 1, last_failure_at = excluded.last_failure_at")
                .execute(Tuple.of(tenantId, sourceId, reason, SourceStore.utc(now)))
                .replaceWithVoid();
    }
}
