package io.jitsso.session.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** Authorization codes by the SHA-256 of the code; every query scoped by tenant. */
@ApplicationScoped
public class AuthorizationCodeStore {

    private final Pool pool;

    AuthorizationCodeStore(Pool pool) {
        this.pool = pool;
    }

    /** A stored code. {@code usedAt} is set once the code was presented. */
    public record StoredCode(
            String tenantId, String clientId, String redirectUri, String codeChallenge, String nonce,
            UUID sessionId, byte[] sessionSecret, Instant expiresAt, Instant usedAt) {
    }

    public record NewCode(
            byte[] codeHash, String tenantId, String clientId, String redirectUri, String codeChallenge, String nonce,
            UUID sessionId, byte[] sessionSecret, Instant createdAt, Instant expiresAt) {
    }

    public Uni<Void> insert(SqlConnection connection, NewCode code) {
        return connection.preparedQuery("insert into authorization_code (code_hash, tenant_id, client_id, redirect_uri,"
                        + " code_challenge, nonce, session_id, session_secret, created_at, expires_at)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .execute(Tuple.tuple().addValue(io.vertx.core.buffer.Buffer.buffer(code.codeHash()))
                        .addString(code.tenantId()).addString(code.clientId()).addString(code.redirectUri())
                        .addString(code.codeChallenge()).addString(code.nonce()).addUUID(code.sessionId())
                        .addValue(io.vertx.core.buffer.Buffer.buffer(code.sessionSecret()))
                        .addOffsetDateTime(code.createdAt().atOffset(ZoneOffset.UTC))
                        .addOffsetDateTime(code.expiresAt().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /**
     * Marks the code used and returns it as it was before; empty when no code of this tenant has
     * that hash. Runs in the caller's transaction, so the mark commits with whatever follows.
     */
    public Uni<Optional<StoredCode>> claim(SqlConnection connection, String tenantId, byte[] codeHash, Instant now) {
        io.vertx.core.buffer.Buffer hash = io.vertx.core.buffer.Buffer.buffer(codeHash);
        return connection.preparedQuery("select tenant_id, client_id, redirect_uri, code_challenge, nonce, session_id,"
                        + " session_secret, expires_at, used_at from authorization_code"
                        + " where code_hash = $1 and tenant_id = $2 for update")
                .execute(Tuple.of(hash, tenantId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(from(rows.iterator().next())) : Optional.<StoredCode>empty())
                .call(found -> found.isEmpty() || found.get().usedAt() != null
                        ? Uni.createFrom().voidItem()
                        : connection.preparedQuery("update authorization_code set used_at = $1 where code_hash = $2")
                                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), hash)).replaceWithVoid());
    }

    public Pool pool() {
        return pool;
    }

    /** Deletes codes that expired before {@code cutoff}. */
    public Uni<Integer> purgeExpiredBefore(Instant cutoff) {
        return pool.preparedQuery("delete from authorization_code where expires_at < $1")
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC))).map(rows -> rows.rowCount());
    }

    private static StoredCode from(Row row) {
        var used = row.getOffsetDateTime("used_at");
        return new StoredCode(row.getString("tenant_id"), row.getString("client_id"), row.getString("redirect_uri"),
                row.getString("code_challenge"), row.getString("nonce"), row.getUUID("session_id"),
                row.getBuffer("session_secret").getBytes(), row.getOffsetDateTime("expires_at").toInstant(),
                used == null ? null : used.toInstant());
    }
}
