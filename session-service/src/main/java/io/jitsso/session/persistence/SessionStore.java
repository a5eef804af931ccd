package io.jitsso.session.persistence;

import io.jitsso.contracts.events.SessionEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * IdP sessions in PostgreSQL, written with the reactive client: this is the silent-auth hot path,
 * so each change is one statement plus its outbox row in one transaction. Every query is scoped by
 * tenant.
 */
@ApplicationScoped
public class SessionStore {

    private final Pool pool;
    private final Outbox outbox;

    SessionStore(Pool pool, Outbox outbox) {
        this.pool = pool;
        this.outbox = outbox;
    }

    /** Values of a session to open. */
    public record NewSession(
            String tenantId, byte[] secretHash, String subject, String connectionId, List<String> amr,
            JsonObject claims, Instant now, Instant expiresAt) {
    }

    public Uni<SessionRecord> open(NewSession session) {
        return open(session, (connection, record) -> Uni.createFrom().voidItem());
    }

    /** Opens a session and runs {@code alsoInTransaction} in the same transaction (e.g. to issue a code). */
    public Uni<SessionRecord> open(NewSession session,
            java.util.function.BiFunction<SqlConnection, SessionRecord, Uni<Void>> alsoInTransaction) {
        return open(session, null, alsoInTransaction);
    }

    /**
     * Opens a session that one app's tokens are minted from at once: its {@code created} event names
     * the app, as the {@code authenticated} event of a silent authentication would.
     */
    public Uni<SessionRecord> openFor(NewSession session, String clientId) {
        return open(session, clientId, (connection, record) -> Uni.createFrom().voidItem());
    }

    private Uni<SessionRecord> open(NewSession session, String clientId,
            java.util.function.BiFunction<SqlConnection, SessionRecord, Uni<Void>> alsoInTransaction) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = at(session.now());
        Tuple values = Tuple.tuple()
                .addUUID(id).addString(session.tenantId()).addValue(buffer(session.secretHash()))
                .addString(session.subject()).addString(session.connectionId())
                .addArrayOfString(session.amr().toArray(String[]::new)).addJsonObject(session.claims())
                .addOffsetDateTime(now).addOffsetDateTime(at(session.expiresAt()));
        return pool.withTransaction(connection -> connection.preparedQuery(
                        "insert into idp_session (id, tenant_id, secret_hash, subject, connection_id, amr, claims, version,"
                                + " created_at, authenticated_at, last_used_at, expires_at)"
                                + " values ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8, $8, $9) returning " + SessionRecord.COLUMNS)
                .execute(values)
                .map(rows -> SessionRecord.from(rows.iterator().next()))
                .call(record -> outbox.append(connection, record, SessionEvent.Type.CREATED, clientId, null))
                .call(record -> alsoInTransaction.apply(connection, record)));
    }

    /** Extends a live session and records the authentication; empty when no live session matches. */
    public Uni<Optional<SessionRecord>> touch(String tenantId, byte[] secretHash, Instant now, Instant expiresAt, String clientId) {
        // Found through the unique index on secret_hash (a materialized CTE, so the planner cannot fold
        // it into the update), then updated by primary key; liveness is re-checked on the row the
        // update locks. The plain form drifted to the partial (tenant, subject/connection) indexes and
        // read every live session of a subject per request when statistics were missing.
        //
        // Committed asynchronously (ADR-7): the request does not wait for the WAL flush. A PostgreSQL
        // crash can lose the last few hundred milliseconds of touches (an expiry extension and an
        // `authenticated` event); opening, logout and revocation stay synchronous, and WAL order
        // means a later synchronous commit that survived carries every touch before it.
        return pool.withTransaction(connection -> connection.query("set local synchronous_commit = off").execute()
                .chain(ignored -> connection.preparedQuery(
                        "with target as materialized (select id from idp_session where secret_hash = $1 and tenant_id = $2)"
                                + " update idp_session s set last_used_at = $3, expires_at = $4, version = s.version + 1"
                                + " from target where s.id = target.id and s.ended_at is null and s.expires_at > $3"
                                + " returning " + qualified("s"))
                .execute(Tuple.of(buffer(secretHash), tenantId, at(now), at(expiresAt)))
                .map(SessionStore::first)
                .call(found -> found.isPresent()
                        ? outbox.append(connection, found.get(), SessionEvent.Type.AUTHENTICATED, clientId, null)
                        : Uni.createFrom().voidItem())));
    }

    /** Ends a live session by its bearer id (logout); empty when none matched. */
    public Uni<Optional<SessionRecord>> logout(String tenantId, byte[] secretHash, Instant now, String clientId) {
        return endWhere(connection -> connection.preparedQuery(end("secret_hash = $3"))
                        .execute(Tuple.of(at(now), "logged_out", buffer(secretHash), tenantId)),
                SessionEvent.Type.LOGGED_OUT, clientId, null)
                .map(ended -> ended.stream().findFirst());
    }

    public Uni<List<SessionRecord>> revokeById(String tenantId, UUID id, Instant now, String reason) {
        return endWhere(connection -> connection.preparedQuery(end("id = $3"))
                        .execute(Tuple.of(at(now), "revoked", id, tenantId)),
                SessionEvent.Type.REVOKED, null, reason);
    }

    public Uni<List<SessionRecord>> revokeBySubject(String tenantId, String subject, Instant now, String reason) {
        return endWhere(connection -> connection.preparedQuery(end("subject = $3"))
                        .execute(Tuple.of(at(now), "revoked", subject, tenantId)),
                SessionEvent.Type.REVOKED, null, reason);
    }

    public Uni<List<SessionRecord>> revokeByConnection(String tenantId, String connectionId, Instant now, String reason) {
        return endWhere(connection -> connection.preparedQuery(end("connection_id = $3"))
                        .execute(Tuple.of(at(now), "revoked", connectionId, tenantId)),
                SessionEvent.Type.REVOKED, null, reason);
    }

    /** The session if it is live. */
    public Uni<Optional<SessionRecord>> findLive(String tenantId, UUID id, Instant now) {
        return pool.preparedQuery("select " + SessionRecord.COLUMNS + " from idp_session"
                        + " where id = $1 and tenant_id = $2 and ended_at is null and expires_at > $3")
                .execute(Tuple.of(id, tenantId, at(now)))
                .map(SessionStore::first);
    }

    /** Live sessions of a user, newest first. */
    public Uni<List<SessionRecord>> listLive(String tenantId, String subject, Instant now) {
        return pool.preparedQuery("select " + SessionRecord.COLUMNS + " from idp_session"
                        + " where tenant_id = $1 and subject = $2 and ended_at is null and expires_at > $3"
                        + " order by created_at desc limit 1000")
                .execute(Tuple.of(tenantId, subject, at(now)))
                .map(SessionStore::all);
    }

    /** Deletes sessions that ended or expired before {@code cutoff}; returns how many. */
    public Uni<Integer> purgeEndedBefore(Instant cutoff) {
        return pool.preparedQuery("delete from idp_session where coalesce(ended_at, expires_at) < $1")
                .execute(Tuple.of(at(cutoff)))
                .map(RowSet::rowCount);
    }

    private static String qualified(String alias) {
        return java.util.Arrays.stream(SessionRecord.COLUMNS.split(",\\s*"))
                .map(column -> alias + "." + column).collect(java.util.stream.Collectors.joining(", "));
    }

    private static String end(String predicate) {
        return "update idp_session set ended_at = $1, end_reason = $2, version = version + 1"
                + " where " + predicate + " and tenant_id = $4 and ended_at is null"
                + " returning " + SessionRecord.COLUMNS;
    }

    private Uni<List<SessionRecord>> endWhere(
            Function<SqlConnection, Uni<RowSet<Row>>> update, SessionEvent.Type type, String clientId, String reason) {
        return pool.withTransaction(connection -> update.apply(connection)
                .map(SessionStore::all)
                .call(ended -> outbox.appendAll(connection, ended, type, clientId, reason)));
    }

    private static Optional<SessionRecord> first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(SessionRecord.from(iterator.next())) : Optional.empty();
    }

    private static List<SessionRecord> all(RowSet<Row> rows) {
        List<SessionRecord> records = new ArrayList<>(rows.size());
        for (Row row : rows) {
            records.add(SessionRecord.from(row));
        }
        return records;
    }

    private static io.vertx.core.buffer.Buffer buffer(byte[] bytes) {
        return io.vertx.core.buffer.Buffer.buffer(bytes);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
