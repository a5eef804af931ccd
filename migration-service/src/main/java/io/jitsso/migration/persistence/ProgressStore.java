package io.jitsso.migration.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Progress figures of one tenant's migration (SPEC B5), read straight from the tables. */
@ApplicationScoped
public class ProgressStore {

    /** Users migrated from one source and when the last one was. */
    public record Migrated(String sourceId, long users, Instant lastMigratedAt) {
    }

    private final Pool pool;

    ProgressStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Map<String, Migrated>> migrated(String tenantId) {
        return pool.preparedQuery("select source_id, count(*) as users, max(migrated_at) as last_migrated_at"
                        + " from migrated_user where tenant_id = $1 group by source_id")
                .execute(Tuple.of(tenantId))
                .map(rows -> {
                    Map<String, Migrated> bySource = new HashMap<>();
                    rows.forEach(row -> bySource.put(row.getString("source_id"), new Migrated(row.getString("source_id"),
                            row.getLong("users"), SourceStore.instant(row, "last_migrated_at"))));
                    return bySource;
                });
    }

    /** Failures by source, then by reason. */
    public Uni<Map<String, Map<String, Long>>> failures(String tenantId) {
        return pool.preparedQuery("select source_id, reason, failures from migration_failure where tenant_id = $1"
                        + " order by source_id, reason")
                .execute(Tuple.of(tenantId))
                .map(rows -> {
                    Map<String, Map<String, Long>> bySource = new HashMap<>();
                    rows.forEach(row -> bySource.computeIfAbsent(row.getString("source_id"), id -> new LinkedHashMap<>())
                            .put(row.getString("reason"), row.getLong("failures")));
                    return bySource;
                });
    }

}
