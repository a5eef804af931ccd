package io.jitsso.provisioning.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The last disconnect of each connection ({@code connection_watermark}), and the lock that orders a disconnect
 * against the sign-in batches of the same connection (SPEC A9). A disconnect takes the connection's advisory lock
 * exclusively, records its version and then reads the connection's users; a sign-in batch takes it shared for its
 * connections before it reads or locks anything, then reads their watermarks. So a batch either commits first
 * (and the disconnect then finds and downgrades the users it created or updated) or reads the disconnect's
 * watermark (and grants nothing for sign-ins read before it). Both take it before they lock any user or account
 * (only their own processed-event rows come first), and batches take theirs in key order.
 */
@ApplicationScoped
public class ConnectionWatermarks {

    /** The advisory lock of one connection: the text key hashed to 64 bits. */
    private static final String KEY = "hashtextextended(%s || ':' || %s, 7919)";

    /** A connection of a tenant. */
    public record ConnectionKey(String tenantId, String connectionId) {
    }

    /** Shared locks on the connections, then (another statement: another snapshot) their watermarks. */
    public Uni<Map<ConnectionKey, Long>> lockShared(SqlConnection connection, Collection<ConnectionKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] tenants = keys.stream().map(ConnectionKey::tenantId).toArray(String[]::new);
        String[] connections = keys.stream().map(ConnectionKey::connectionId).toArray(String[]::new);
        Tuple arrays = Tuple.of(tenants, connections);
        // with ordinality: taken in the order given (callers sort), not in whatever order a plan would pick
        return connection.preparedQuery("select count(pg_advisory_xact_lock_shared(" + KEY.formatted("k.t", "k.c") + "))"
                        + " from (select t, c from unnest($1::text[], $2::text[]) with ordinality as u(t, c, n) order by n) as k")
                .execute(arrays)
                .chain(() -> connection.preparedQuery("select w.tenant_id, w.connection_id, w.disconnected_version"
                                + " from connection_watermark w join unnest($1::text[], $2::text[]) as k(t, c)"
                                + " on w.tenant_id = k.t and w.connection_id = k.c")
                        .execute(arrays))
                .map(rows -> {
                    Map<ConnectionKey, Long> found = new HashMap<>();
                    for (Row row : rows) {
                        found.put(new ConnectionKey(row.getString("tenant_id"), row.getString("connection_id")),
                                row.getLong("disconnected_version"));
                    }
                    return found;
                });
    }

    /**
     * The connection's lock, exclusively, and its disconnect recorded at {@code version} (a later disconnect keeps
     * the higher version; null, from a gateway that sends none, records nothing).
     */
    public Uni<Void> disconnect(SqlConnection connection, String tenantId, String connectionId, Long version, Instant at) {
        Uni<Void> locked = connection.preparedQuery("select pg_advisory_xact_lock(" + KEY.formatted("$1", "$2") + ")")
                .execute(Tuple.of(tenantId, connectionId)).replaceWithVoid();
        if (version == null) {
            return locked;
        }
        return locked.chain(() -> connection.preparedQuery("insert into connection_watermark"
                        + " (tenant_id, connection_id, disconnected_version, disconnected_at) values ($1, $2, $3, $4)"
                        + " on conflict (tenant_id, connection_id) do update set"
                        + " disconnected_version = greatest(connection_watermark.disconnected_version, excluded.disconnected_version),"
                        + " disconnected_at = greatest(connection_watermark.disconnected_at, excluded.disconnected_at)")
                .execute(Tuple.of(tenantId, connectionId, version, OffsetDateTime.ofInstant(at, ZoneOffset.UTC)))
                .replaceWithVoid());
    }
}
