package io.jitsso.gateway.persistence;

import io.jitsso.contracts.crypto.Secrets;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * App authorization requests waiting for the upstream round trip, by the SHA-256 of the browser's
 * handle. Taking one deletes it, so each completes at most one sign-in; it is taken in the sign-in's
 * own transaction, with the client that transaction runs on.
 */
@ApplicationScoped
public class PendingAuthorizationStore {

    private static final String COLUMNS = "tenant_id, connection_id, client_id, redirect_uri, state, nonce, code_challenge,"
            + " code_challenge_method, expires_at, saml_request_id, relay_state_hash";

    /** The longest handle a browser's sign-in cookie can carry (the gateway's are 43 characters). */
    private static final int MAX_HANDLE = 100;

    private final Pool pool;

    PendingAuthorizationStore(Pool pool) {
        this.pool = pool;
    }

    /** The SHA-256 the store keys a browser's handle by; empty when the cookie is missing or cannot hold a handle. */
    public static Optional<byte[]> handleHash(String handle) {
        return handle == null || handle.isEmpty() || handle.length() > MAX_HANDLE ? Optional.empty()
                : Optional.of(Secrets.sha256(handle));
    }

    /**
     * What the app asked for (validated), or what a login URL stands for (no state, no PKCE).
     */
    public record PendingAuthorization(
            String tenantId,
            String connectionId,
            String clientId,
            String redirectUri,
            String state,
            String nonce,
            String codeChallenge,
            String codeChallengeMethod,
            Instant expiresAt) {
    }

    public Uni<Void> insert(byte[] handleHash, PendingAuthorization request, Instant now) {
        return insert(handleHash, request, null, null, now);
    }

    /**
     * Stores the request; a SAML sign-in stores the ID of the AuthnRequest it goes upstream with and
     * the SHA-256 of its RelayState at once. The statement commits without waiting for the WAL flush
     * (ADR-25): a PostgreSQL crash can lose only requests of the last moment, which then look expired
     * to their callback, and the sign-in that takes a request commits synchronously, which flushes its
     * insert first.
     */
    public Uni<Void> insert(byte[] handleHash, PendingAuthorization request, String samlRequestId, byte[] relayStateHash,
            Instant now) {
        return pool.preparedQuery("insert into pending_authorization (handle_hash, tenant_id, connection_id, client_id,"
                        + " redirect_uri, state, nonce, code_challenge, code_challenge_method, created_at, expires_at,"
                        + " saml_request_id, relay_state_hash) select $1::bytea, $2::text, $3::text, $4::text, $5::text,"
                        + " $6::text, $7::text, $8::text, $9::text, $10::timestamptz, $11::timestamptz, $12::text, $13::bytea"
                        + " from (select set_config('synchronous_commit', 'off', true)) as async_commit")
                .execute(Tuple.tuple().addValue(Buffer.buffer(handleHash)).addString(request.tenantId())
                        .addString(request.connectionId()).addString(request.clientId()).addString(request.redirectUri())
                        .addString(request.state()).addString(request.nonce()).addString(request.codeChallenge())
                        .addString(request.codeChallengeMethod()).addOffsetDateTime(now.atOffset(ZoneOffset.UTC))
                        .addOffsetDateTime(request.expiresAt().atOffset(ZoneOffset.UTC)).addString(samlRequestId)
                        .addValue(relayStateHash == null ? null : Buffer.buffer(relayStateHash)))
                .replaceWithVoid();
    }

    /** Removes and returns the live request of this connection with this handle; empty otherwise. */
    public Uni<Optional<PendingAuthorization>> take(SqlClient sql, byte[] handleHash, String connectionId, Instant now) {
        return takeRow(sql, handleHash).map(row -> row.map(PendingAuthorizationStore::from)
                .filter(found -> live(found, connectionId, now)));
    }

    /** Deletes the row of this handle and returns it; a sign-in that then fails rolls the deletion back. */
    private static Uni<Optional<Row>> takeRow(SqlClient sql, byte[] handleHash) {
        return sql.preparedQuery("delete from pending_authorization where handle_hash = $1 returning " + COLUMNS)
                .execute(Tuple.of(Buffer.buffer(handleHash)))
                .map(PendingAuthorizationStore::first);
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? Optional.of(rows.iterator().next()) : Optional.empty();
    }

    private static boolean live(PendingAuthorization found, String connectionId, Instant now) {
        return found.connectionId().equals(connectionId) && found.expiresAt().isAfter(now);
    }

    /**
     * Records the AuthnRequest a SAML sign-in goes upstream with (a reload replaces it); false when
     * the browser's request is gone, expired or belongs to another connection.
     */
    public Uni<Boolean> attachSamlRequest(byte[] handleHash, String connectionId, String requestId, byte[] relayStateHash,
            Instant now) {
        return pool.preparedQuery("update pending_authorization set saml_request_id = $3, relay_state_hash = $4"
                        + " where handle_hash = $1 and connection_id = $2 and expires_at > $5")
                .execute(Tuple.of(Buffer.buffer(handleHash), connectionId, requestId, Buffer.buffer(relayStateHash),
                        now.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** A pending SAML sign-in: the app's request and the AuthnRequest that went upstream for it. */
    public record PendingSaml(PendingAuthorization request, String requestId, byte[] relayStateHash) {
    }

    /**
     * The browser's live pending SAML request, read without taking it: the assertion consumer needs
     * its AuthnRequest ID to verify the response, and takes it with {@link #takeSaml} in the
     * sign-in's transaction. Only a request that was sent upstream as an AuthnRequest counts.
     */
    public Uni<Optional<PendingSaml>> findSaml(byte[] handleHash, String connectionId, Instant now) {
        return pool.preparedQuery("select " + COLUMNS + " from pending_authorization where handle_hash = $1")
                .execute(Tuple.of(Buffer.buffer(handleHash)))
                .map(rows -> first(rows)
                        .filter(row -> row.getString("saml_request_id") != null)
                        .map(row -> new PendingSaml(from(row), row.getString("saml_request_id"),
                                row.getBuffer("relay_state_hash").getBytes()))
                        .filter(saml -> live(saml.request(), connectionId, now)));
    }

    /**
     * Takes the request {@link #findSaml} found, if it still waits for the same AuthnRequest: false
     * when a concurrent response for this browser took it first, or a reload replaced it.
     */
    public Uni<Boolean> takeSaml(SqlClient sql, byte[] handleHash, String requestId) {
        return sql.preparedQuery("delete from pending_authorization where handle_hash = $1 and saml_request_id = $2")
                .execute(Tuple.of(Buffer.buffer(handleHash), requestId))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Ends the browser's pending request, whatever it is (a response that failed verification ends it). */
    public Uni<Void> discard(byte[] handleHash) {
        return pool.preparedQuery("delete from pending_authorization where handle_hash = $1")
                .execute(Tuple.of(Buffer.buffer(handleHash))).replaceWithVoid();
    }

    public Uni<Integer> purgeExpired(Instant now) {
        return pool.preparedQuery("delete from pending_authorization where expires_at < $1")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC))).map(rows -> rows.rowCount());
    }

    private static PendingAuthorization from(Row row) {
        return new PendingAuthorization(row.getString("tenant_id"), row.getString("connection_id"),
                row.getString("client_id"), row.getString("redirect_uri"), row.getString("state"), row.getString("nonce"),
                row.getString("code_challenge"), row.getString("code_challenge_method"),
                row.getOffsetDateTime("expires_at").toInstant());
    }
}
