package io.jitsso.gateway.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The tenants' connection audit (ADR-31): who changed which connection, when, from where. Scoped by tenant. */
@ApplicationScoped
public class ConnectionAudit {

    /** One change as the admin API shows it. */
    public record Entry(long id, Instant occurredAt, String actor, String action, String connectionId, String clientIp) {
    }

    private final Pool pool;

    ConnectionAudit(Pool pool) {
        this.pool = pool;
    }

    /** Records a change on the change's own transaction. */
    public Uni<Void> record(SqlClient sql, String tenantId, String actor, String action, String connectionId,
            String clientIp, Instant now) {
        return sql.preparedQuery("insert into connection_audit (tenant_id, occurred_at, actor, action, connection_id, client_ip)"
                        + " values ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(tenantId, now.atOffset(ZoneOffset.UTC), bounded(actor, 300), action, connectionId,
                        clientIp == null ? null : bounded(clientIp, 64)))
                .replaceWithVoid();
    }

    /** The tenant's entries, newest first, older than {@code before} when given. */
    public Uni<List<Entry>> list(String tenantId, Long before, int limit) {
        return pool.preparedQuery("select id, occurred_at, actor, action, connection_id, client_ip from connection_audit"
                        + " where tenant_id = $1 and id < $2 order by id desc limit $3")
                .execute(Tuple.of(tenantId, before == null ? Long.MAX_VALUE : before, limit))
                .map(rows -> {
                    List<Entry> entries = new ArrayList<>();
                    for (Row row : rows) {
                        entries.add(new Entry(row.getLong("id"), row.getOffsetDateTime("occurred_at").toInstant(),
                                row.getString("actor"), row.getString("action"), row.getString("connection_id"),
                                row.getString("client_ip")));
                    }
                    return entries;
                });
    }

    private static String bounded(String value, int max) {
        return value.length() > max ? value.substring(0, max) : value;
    }
}
