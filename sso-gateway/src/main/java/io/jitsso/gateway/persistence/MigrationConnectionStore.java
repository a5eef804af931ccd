package io.jitsso.gateway.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

/** Connections claimed by a migration-service redirect source: their sign-ins end in migration. */
@ApplicationScoped
public class MigrationConnectionStore {

    private final Pool pool;

    MigrationConnectionStore(Pool pool) {
        this.pool = pool;
    }

    /** Claims the tenant's connection (idempotent); false when the tenant has no such connection. */
    public Uni<Boolean> claim(String tenantId, String connectionId, Instant now) {
        return pool.preparedQuery("insert into migration_connection (connection_id, tenant_id, claimed_at)"
                        + " select id, tenant_id, $3 from connection where tenant_id = $1 and id = $2"
                        + " on conflict (connection_id) do update set tenant_id = excluded.tenant_id returning connection_id")
                .execute(Tuple.of(tenantId, connectionId, now.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The ids of the tenant's claimed connections. */
    public Uni<Set<String>> claimedIn(String tenantId) {
        return pool.preparedQuery("select connection_id from migration_connection where tenant_id = $1")
                .execute(Tuple.of(tenantId))
                .map(rows -> {
                    Set<String> ids = new HashSet<>();
                    rows.forEach(row -> ids.add(row.getString(0)));
                    return ids;
                });
    }

    public Uni<Boolean> claimed(String connectionId) {
        return pool.preparedQuery("select 1 from migration_connection where connection_id = $1")
                .execute(Tuple.of(connectionId))
                .map(rows -> rows.rowCount() == 1);
    }
}
