package io.jitsso.session.persistence;

import io.jitsso.contracts.events.SessionEvent;
import io.jitsso.contracts.events.Topics;
import io.jitsso.contracts.outbox.OutboxRecord;
import io.jitsso.contracts.profile.RequiredRoles;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
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

    /*
     * Lookups by a unique key read that key's index and nothing else, whatever the planner's
     * statistics say. Written plainly ("where id = $1 and tenant_id = $2 and ended_at is null"), a
     * table without statistics (autovacuum behind, or a fresh tenant growing fast) was planned on
     * the partial (tenant_id, ...) indexes, whose predicate those conditions match: every live
     * session of the tenant read per code exchange (6,300 rows, 6.9 ms at 6,300 sessions), and the
     * update-join form of touch/logout did the same on its joined side. So the row is found by its
     * key alone: in a scalar subquery without the liveness condition that the updates then check on
     * the row they lock, or (the code exchange, AuthorizationCodeStore.CLAIM) behind an OFFSET 0
     * fence. SessionLookupPlanTest holds all four to their key's index, in custom and generic plans.
     *
     * Silent authentication is one statement that commits on its own (ADR-23, ADR-27): the update, its
     * `authenticated` event, and the asynchronous commit (ADR-7) that set_config asks for. Only the
     * updated row knows the session's id, subject, connection, amr and version, so the event comes
     * serialized without them and without its opening brace ($5, Outbox.payloadWithoutSession), and the
     * statement writes them in front, as JSON text: to_json escapes the strings, a uuid and a number need
     * no escaping, and a null connection or amr is left out as the services' mapper leaves nulls out.
     * The record key is Topics.key: tenant, a colon, the session id.
     */
    static final String TOUCH = touch("");
    /**
     * TOUCH for an app that requires roles (ADR-33): only a session whose {@code roles} claim holds any ({@code ?|}) or
     * all ({@code ?&}) of $6 is touched, so a refused app neither extends the session nor is recorded as using it.
     */
    static final String TOUCH_ANY_ROLE = touch(" and s.claims->'roles' ?| $6::text[]");
    static final String TOUCH_ALL_ROLES = touch(" and s.claims->'roles' ?& $6::text[]");
    /** Found by the secret alone, as TOUCH finds it: liveness conditions beside it would let a tenant's index tie (ADR-19). */
    static final String LIVE_BY_SECRET = "select " + SessionRecord.COLUMNS + " from idp_session"
            + " where id = (select id from idp_session where secret_hash = $1 and tenant_id = $2)"
            + " and ended_at is null and expires_at > $3";

    private static String touch(String rolePredicate) {
        return "with touched as (update idp_session s set last_used_at = $3, expires_at = $4,"
                + " version = s.version + 1"
                + " where s.id = (select id from idp_session where secret_hash = $1 and tenant_id = $2)"
                + " and s.ended_at is null and s.expires_at > $3" + rolePredicate + " returning " + SessionRecord.COLUMNS + "),"
                + " event as (insert into outbox (topic, record_key, payload) select '" + Topics.SESSION_AUTHENTICATED + "',"
                + " touched.tenant_id || ':' || touched.id::text,"
                + " '{\"" + Outbox.SESSION_ID + "\":\"' || touched.id::text || '\",\"" + Outbox.SUBJECT + "\":'"
                + " || to_json(touched.subject)::text"
                + " || coalesce(',\"" + Outbox.CONNECTION_ID + "\":' || to_json(touched.connection_id)::text, '')"
                + " || coalesce(',\"" + Outbox.AMR + "\":' || to_json(touched.amr)::text, '')"
                + " || ',\"" + Outbox.SESSION_VERSION + "\":' || touched.version::text || ',' || $5 from touched)"
                + " select " + SessionRecord.COLUMNS + " from touched,"
                + " (select set_config('synchronous_commit', 'off', true)) as async_commit";
    }

    static final String LOGOUT = endOne("secret_hash");
    /** $1-$9 the session, $10-$12 its outbox row; OPEN_WITH_CODE adds the code as $13 onwards (ADR-23). */
    private static final String OPEN_CTES = "with opened as (insert into idp_session (id, tenant_id, secret_hash, subject, connection_id,"
            + " amr, claims, version, created_at, authenticated_at, last_used_at, expires_at)"
            + " values ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8, $8, $9) returning " + SessionRecord.COLUMNS + "),"
            + " event as (insert into outbox (topic, record_key, payload) values ($10, $11, $12))";
    static final String OPEN_ONLY = OPEN_CTES + " select " + SessionRecord.COLUMNS + " from opened";
    static final String OPEN_WITH_CODE = OPEN_CTES + ", code as (" + AuthorizationCodeStore.insert(13) + ")"
            + " select " + SessionRecord.COLUMNS + " from opened";
    static final String REVOKE_BY_ID = endOne("id");

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
        return open(session, null, null);
    }

    /**
     * Opens a session and stores the app's code for it ({@code code}, given the new session's row id),
     * in one statement (ADR-23).
     */
    public Uni<SessionRecord> openWithCode(NewSession session, Function<UUID, AuthorizationCodeStore.NewCode> code) {
        return open(session, null, code);
    }

    /**
     * Opens a session that one app's tokens are minted from at once: its {@code created} event names
     * the app, as the {@code authenticated} event of a silent authentication would.
     */
    public Uni<SessionRecord> openFor(NewSession session, String clientId) {
        return open(session, clientId, null);
    }

    /**
     * The session row, its {@code created} event and, when {@code code} is given, the app's code, in
     * one statement (ADR-23): one round trip that commits on its own instead of five (begin, three
     * inserts, commit), atomic all the same. The event describes the row as inserted (version 1),
     * which is all it carries; the foreign keys of the code (to the session) and of the session (to
     * its tenant) are checked at the end of the statement, after every insert of it.
     */
    private Uni<SessionRecord> open(NewSession session, String clientId, Function<UUID, AuthorizationCodeStore.NewCode> code) {
        UUID id = UUID.randomUUID();
        OutboxRecord event = outbox.record(new SessionRecord(id, session.tenantId(), session.subject(), session.connectionId(),
                session.amr(), session.claims(), 1, session.now(), session.now(), session.now(), session.expiresAt()),
                SessionEvent.Type.CREATED, clientId, null);
        OffsetDateTime now = at(session.now());
        Tuple values = Tuple.tuple()
                .addUUID(id).addString(session.tenantId()).addValue(buffer(session.secretHash()))
                .addString(session.subject()).addString(session.connectionId())
                .addArrayOfString(session.amr().toArray(String[]::new)).addJsonObject(session.claims())
                .addOffsetDateTime(now).addOffsetDateTime(at(session.expiresAt()))
                .addString(event.topic()).addString(event.key()).addString(event.payload());
        if (code != null) {
            AuthorizationCodeStore.bind(values, code.apply(id));
        }
        return pool.preparedQuery(code == null ? OPEN_ONLY : OPEN_WITH_CODE).execute(values)
                .map(rows -> SessionRecord.from(rows.iterator().next()));
    }

    /**
     * Whether the session with row id {@code id} is the tenant's and still live at {@code now}: what an
     * admin access token issued from it needs (ADR-28). A lookup by the primary key alone (ADR-19); the
     * rest is checked on the row.
     */
    public Uni<Boolean> isLive(String tenantId, UUID id, Instant now) {
        return pool.preparedQuery("select tenant_id, ended_at, expires_at from idp_session where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return false;
                    }
                    Row row = rows.iterator().next();
                    return tenantId.equals(row.getString("tenant_id")) && row.getValue("ended_at") == null
                            && row.getOffsetDateTime("expires_at").toInstant().isAfter(now);
                });
    }

    /** Extends a live session and records the authentication; empty when no live session matches. */
    public Uni<Optional<SessionRecord>> touch(String tenantId, byte[] secretHash, Instant now, Instant expiresAt, String clientId) {
        return touch(tenantId, secretHash, now, expiresAt, clientId, RequiredRoles.NONE);
    }

    /**
     * Touches the live session for {@code clientId}: extends it and records an {@code authenticated} event, in one
     * statement. Empty when no live session has that bearer id, or when its roles miss {@code required} (the app's;
     * {@link #live} tells the two apart).
     */
    public Uni<Optional<SessionRecord>> touch(String tenantId, byte[] secretHash, Instant now, Instant expiresAt, String clientId,
            RequiredRoles required) {
        // Found through the unique index on secret_hash, then updated by primary key (see TOUCH);
        // liveness is checked on the row the update locks. One statement with its event (see TOUCH).
        //
        // Committed asynchronously (ADR-7): the request does not wait for the WAL flush. A PostgreSQL
        // crash can lose the last few hundred milliseconds of touches (an expiry extension and an
        // `authenticated` event); opening, logout and revocation stay synchronous, and WAL order
        // means a later synchronous commit that survived carries every touch before it.
        String payload = outbox.payloadWithoutSession(SessionEvent.Type.AUTHENTICATED, tenantId, clientId, now);
        if (required.isEmpty()) {
            return pool.preparedQuery(TOUCH)
                    .execute(Tuple.of(buffer(secretHash), tenantId, at(now), at(expiresAt), payload))
                    .map(SessionStore::first);
        }
        return pool.preparedQuery(required.mode() == RequiredRoles.Mode.ALL ? TOUCH_ALL_ROLES : TOUCH_ANY_ROLE)
                .execute(Tuple.of(buffer(secretHash), tenantId, at(now), at(expiresAt), payload,
                        required.roles().toArray(new String[0])))
                .map(SessionStore::first);
    }

    /** The live session with this bearer id, read without touching it. */
    public Uni<Optional<SessionRecord>> live(String tenantId, byte[] secretHash, Instant now) {
        return pool.preparedQuery(LIVE_BY_SECRET).execute(Tuple.of(buffer(secretHash), tenantId, at(now)))
                .map(SessionStore::first);
    }

    /** Ends a live session by its bearer id (logout); empty when none matched. */
    public Uni<Optional<SessionRecord>> logout(String tenantId, byte[] secretHash, Instant now, String clientId) {
        return endWhere(connection -> connection.preparedQuery(LOGOUT)
                        .execute(Tuple.of(at(now), "logged_out", buffer(secretHash), tenantId)),
                SessionEvent.Type.LOGGED_OUT, clientId, null)
                .map(ended -> ended.stream().findFirst());
    }

    public Uni<List<SessionRecord>> revokeById(String tenantId, UUID id, Instant now, String reason) {
        return endWhere(connection -> connection.preparedQuery(REVOKE_BY_ID)
                        .execute(Tuple.of(at(now), "revoked", id, tenantId)),
                SessionEvent.Type.REVOKED, null, reason);
    }

    /**
     * Ends the subject's live sessions; with {@code grantedRoles}, only those whose {@code roles} claim holds a role
     * outside it: the ones that carry a role the subject's IdP no longer grants (ADR-33; a session without roles holds
     * none outside).
     */
    public Uni<List<SessionRecord>> revokeBySubject(String tenantId, String subject, List<String> grantedRoles, Instant now,
            String reason) {
        return endWhere(connection -> grantedRoles == null
                        ? connection.preparedQuery(end("subject = $3")).execute(Tuple.of(at(now), "revoked", subject, tenantId))
                        : connection.preparedQuery(end("subject = $3 and not coalesce(claims->'roles', '[]'::jsonb) <@ $5::jsonb"))
                                .execute(Tuple.of(at(now), "revoked", subject, tenantId, new JsonArray(grantedRoles))),
                SessionEvent.Type.REVOKED, null, reason);
    }

    public Uni<List<SessionRecord>> revokeByConnection(String tenantId, String connectionId, Instant now, String reason) {
        return endWhere(connection -> connection.preparedQuery(end("connection_id = $3"))
                        .execute(Tuple.of(at(now), "revoked", connectionId, tenantId)),
                SessionEvent.Type.REVOKED, null, reason);
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

    private static String end(String predicate) {
        return "update idp_session set ended_at = $1, end_reason = $2, version = version + 1"
                + " where " + predicate + " and tenant_id = $4 and ended_at is null"
                + " returning " + SessionRecord.COLUMNS;
    }

    /** Ends the one live session of the tenant whose unique key ({@code id} or {@code secret_hash}) is $3. */
    private static String endOne(String uniqueKey) {
        return "update idp_session s set ended_at = $1, end_reason = $2, version = s.version + 1"
                + " where s.id = (select id from idp_session where " + uniqueKey + " = $3 and tenant_id = $4)"
                + " and s.ended_at is null returning " + SessionRecord.COLUMNS;
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
