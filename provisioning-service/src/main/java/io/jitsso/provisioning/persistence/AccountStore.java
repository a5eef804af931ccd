package io.jitsso.provisioning.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Upstream accounts ({@code user_identity}) read with the reactive client inside the caller's
 * transaction: one statement for a whole batch of events.
 */
@ApplicationScoped
public class AccountStore {

    /** The accounts with the keys, row-locked in key order. */
    static final String LOCK = "select i.tenant_id, i.connection_id, i.upstream_subject, i.user_id,"
            + " i.account_version, i.linked from user_identity i"
            + " join unnest($1::text[], $2::text[], $3::text[]) as k(tenant_id, connection_id, upstream_subject)"
            + " on i.tenant_id = k.tenant_id and i.connection_id = k.connection_id"
            + " and i.upstream_subject = k.upstream_subject"
            + " order by i.tenant_id, i.connection_id, i.upstream_subject for update of i";

    /** An upstream account as stored: its user and the last sign-in version applied through it. */
    public record Account(AccountKey key, UUID userId, long version, boolean linked) {
    }

    /**
     * The accounts that exist among {@code keys}, row-locked until the transaction ends, locked in key
     * order so that concurrent batches cannot deadlock on each other's accounts.
     */
    public Uni<Map<AccountKey, Account>> lock(SqlConnection connection, Collection<AccountKey> keys) {
        List<AccountKey> distinct = keys.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return connection.preparedQuery(LOCK)
                .execute(Tuple.of(distinct.stream().map(AccountKey::tenantId).toArray(String[]::new),
                        distinct.stream().map(AccountKey::connectionId).toArray(String[]::new),
                        distinct.stream().map(AccountKey::upstreamSubject).toArray(String[]::new)))
                .map(rows -> {
                    Map<AccountKey, Account> found = new HashMap<>();
                    for (Row row : rows) {
                        AccountKey key = new AccountKey(row.getString("tenant_id"), row.getString("connection_id"),
                                row.getString("upstream_subject"));
                        found.put(key, new Account(key, row.getUUID("user_id"), row.getLong("account_version"),
                                row.getBoolean("linked")));
                    }
                    return found;
                });
    }

    /** The connections through which each of the users has an account. */
    public Uni<Map<UUID, Set<String>>> connectionsOf(SqlConnection connection, Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return connection.preparedQuery("select user_id, connection_id from user_identity where user_id = any($1::uuid[])")
                .execute(Tuple.of(userIds.stream().distinct().toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, Set<String>> connections = new HashMap<>();
                    for (UUID userId : userIds) {
                        connections.put(userId, new HashSet<>());
                    }
                    for (Row row : rows) {
                        connections.get(row.getUUID("user_id")).add(row.getString("connection_id"));
                    }
                    return connections;
                });
    }

    /** Each user with an account of the connection once, in id order. */
    public Uni<List<UUID>> usersOf(SqlConnection connection, String tenantId, String connectionId) {
        return connection.preparedQuery("select distinct user_id from user_identity"
                        + " where tenant_id = $1 and connection_id = $2 order by user_id")
                .execute(Tuple.of(tenantId, connectionId))
                .map(rows -> {
                    List<UUID> users = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        users.add(row.getUUID("user_id"));
                    }
                    return users;
                });
    }
}
