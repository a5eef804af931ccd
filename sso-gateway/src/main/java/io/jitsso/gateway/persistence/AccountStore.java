package io.jitsso.gateway.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The stable account behind an upstream subject of a connection. Its id is the subject of the
 * suite's tokens and the provisioned user's id; its version counts sign-ins and orders their events.
 */
@ApplicationScoped
public class AccountStore {

    /** The account after this sign-in; {@code created} when it is the subject's first sign-in. */
    public record Account(UUID accountId, long version, boolean created) {
    }

    /** Creates the account or bumps its version, atomically; runs in the caller's transaction. */
    public Uni<Account> recordSignIn(SqlClient client, String tenantId, String connectionId, String upstreamSubject,
            Instant now) {
        return client.preparedQuery("insert into upstream_account (tenant_id, connection_id, upstream_subject, account_id,"
                        + " version, created_at, last_sign_in_at) values ($1, $2, $3, $4, 1, $5, $5)"
                        + " on conflict (tenant_id, connection_id, upstream_subject) do update"
                        + " set version = upstream_account.version + 1, last_sign_in_at = excluded.last_sign_in_at"
                        + " returning account_id, version, (xmax = 0) as created")
                .execute(Tuple.tuple().addString(tenantId).addString(connectionId).addString(upstreamSubject)
                        .addUUID(UUID.randomUUID()).addOffsetDateTime(now.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Account(row.getUUID("account_id"), row.getLong("version"), row.getBoolean("created"));
                });
    }
}
