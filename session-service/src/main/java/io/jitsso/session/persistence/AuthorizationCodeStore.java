package io.jitsso.session.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
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

    /** A code as claimed, with its session when that is still live. */
    public record Claimed(StoredCode code, Optional<SessionRecord> session) {
    }

    /**
     * The insert of a code, its values from parameter {@code $first} on (bound by {@link #bind}), for a
     * statement that opens the code's session too.
     */
    static String insert(int first) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            values.append(i == 0 ? "$" : ", $").append(first + i);
        }
        return "insert into authorization_code (code_hash, tenant_id, client_id, redirect_uri, code_challenge, nonce,"
                + " session_id, session_secret, created_at, expires_at) values (" + values + ")";
    }

    static void bind(Tuple values, NewCode code) {
        values.addValue(io.vertx.core.buffer.Buffer.buffer(code.codeHash()))
                .addString(code.tenantId()).addString(code.clientId()).addString(code.redirectUri())
                .addString(code.codeChallenge()).addString(code.nonce()).addUUID(code.sessionId())
                .addValue(io.vertx.core.buffer.Buffer.buffer(code.sessionSecret()))
                .addOffsetDateTime(code.createdAt().atOffset(ZoneOffset.UTC))
                .addOffsetDateTime(code.expiresAt().atOffset(ZoneOffset.UTC));
    }

    /*
     * The claim (ADR-23): one statement, committed on its own. It locks the code, marks it used
     * unless it already was, returns it as it was before (the self-join on the locked row is what
     * yields the earlier used_at) and reads its session if that is live. A second claim of the same
     * code waits for the first one's lock and then reads the used_at the first one wrote: a replay.
     * The session is found by its primary key alone (ADR-19): OFFSET 0 keeps the liveness and
     * tenant conditions out of the subquery, so no plan can read it through the tenant's indexes.
     * Only the client the code was issued to can claim it: another app of the tenant that presents
     * it (one that read it from a log or a Referer) finds no code, and cannot burn it, which would
     * make the rightful client's exchange look like a replay and end the user's session.
     */
    static final String CLAIM = "with claimed as (update authorization_code code set used_at = coalesce(prior.used_at, $3)"
            + " from (select code_hash, used_at from authorization_code where code_hash = $1 and tenant_id = $2 and client_id = $4"
            + " for update) prior"
            + " where code.code_hash = prior.code_hash"
            + " returning code.tenant_id, code.client_id, code.redirect_uri, code.code_challenge, code.nonce, code.session_id,"
            + " code.session_secret, code.expires_at, prior.used_at)"
            + " select claimed.*, " + SessionRecord.columnsAs("live", "s_") + " from claimed left join lateral"
            + " (select * from (select * from idp_session where id = claimed.session_id offset 0) s"
            + " where s.tenant_id = $2 and s.ended_at is null and s.expires_at > $3) live on true";

    /**
     * Marks the code used and returns it as it was before, with its session if that is live at
     * {@code now}; empty when no code of this tenant and client has that hash. The mark commits at
     * once, whatever the caller then decides: a code presented once by its client is used up.
     */
    public Uni<Optional<Claimed>> claim(String tenantId, String clientId, byte[] codeHash, Instant now) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(codeHash), tenantId, now.atOffset(ZoneOffset.UTC),
                        clientId))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Claimed(from(row), Optional.ofNullable(SessionRecord.from(row, "s_"))));
                });
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
