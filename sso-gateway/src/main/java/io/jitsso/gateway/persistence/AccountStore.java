package io.jitsso.gateway.persistence;

import io.jitsso.contracts.outbox.OutboxRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The stable account behind an upstream subject of a connection. Its id is the subject of the
 * suite's tokens and the provisioned user's id; its version counts sign-ins and orders their events.
 */
@ApplicationScoped
public class AccountStore {

    /**
     * The account after this sign-in; {@code created} when it is the subject's first sign-in; {@code rolesDropped}
     * when the sign-in before it mapped a role this one does not (the account's older sessions may carry it).
     */
    public record Account(UUID accountId, long version, boolean created, boolean rolesDropped) {

        public Account(UUID accountId, long version, boolean created) {
            this(accountId, version, created, false);
        }
    }

    /**
     * The account of a sign-in through a connection with JIT off (SPEC A7), which stores nothing: its
     * id is derived from tenant, connection and upstream subject (a SHA-256 name-based UUID, version
     * 8, never equal to a stored account's random one), so the subject of the app's tokens is stable
     * across sign-ins; its version is the sign-in time in milliseconds, increasing like a stored one.
     */
    public static Account unstored(String tenantId, String connectionId, String upstreamSubject, Instant now) {
        byte[] digest = sha256(tenantId + "\n" + connectionId + "\n" + upstreamSubject);
        digest[6] = (byte) ((digest[6] & 0x0f) | 0x80);
        digest[8] = (byte) ((digest[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(digest, 0, 16);
        return new Account(new UUID(bytes.getLong(), bytes.getLong()), now.toEpochMilli(), false);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /*
     * The account and its sign-in event in one statement (ADR-23). The event comes serialized without
     * the account, whose id and version only this statement knows, and without its opening brace
     * (Outbox.recordWithoutAccount); the statement writes the brace and the two fields in front. Text
     * only: a uuid and a number need no escaping, and the payload is never parsed here.
     */
    static final String RECORD_SIGN_IN = "with before as (select roles from upstream_account where tenant_id = $1"
            + " and connection_id = $2 and upstream_subject = $3),"
            + " account as (insert into upstream_account (tenant_id, connection_id,"
            + " upstream_subject, account_id, version, created_at, last_sign_in_at, roles)"
            + " values ($1, $2, $3, $4, 1, $5, $5, $9::jsonb)"
            + " on conflict (tenant_id, connection_id, upstream_subject) do update"
            + " set version = upstream_account.version + 1, last_sign_in_at = excluded.last_sign_in_at,"
            + " roles = excluded.roles"
            + " returning account_id, version, (xmax = 0) as created),"
            + " event as (insert into outbox (topic, record_key, payload) select $6, $7,"
            + " '{\"" + Outbox.ACCOUNT_ID + "\":\"' || account.account_id::text || '\",\"" + Outbox.ACCOUNT_VERSION + "\":'"
            + " || account.version::text || ',' || $8"
            + " from account)"
            // the roles before, as this statement's snapshot saw them (ADR-33)
            + " select account_id, version, created,"
            + " coalesce((select not (b.roles <@ $9::jsonb) from before b), false) as roles_dropped from account";

    /**
     * Creates the account or bumps its version, atomically, and appends its sign-in event to the
     * outbox, completed with the account's id and version; runs in the caller's transaction.
     * {@code event} comes from {@link Outbox#recordWithoutAccount}; {@code roles}, the sign-in's mapped
     * roles, are kept to compare with the next sign-in's.
     */
    public Uni<Account> recordSignIn(SqlClient client, String tenantId, String connectionId, String upstreamSubject,
            Instant now, List<String> roles, OutboxRecord event) {
        return client.preparedQuery(RECORD_SIGN_IN)
                .execute(Tuple.tuple().addString(tenantId).addString(connectionId).addString(upstreamSubject)
                        .addUUID(UUID.randomUUID()).addOffsetDateTime(now.atOffset(ZoneOffset.UTC))
                        .addString(event.topic()).addString(event.key()).addString(event.payload())
                        .addValue(new JsonArray(roles)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Account(row.getUUID("account_id"), row.getLong("version"), row.getBoolean("created"),
                            row.getBoolean("roles_dropped"));
                });
    }
}
