package io.jitsso.migration.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/** Each tenant's user schema, stored as the JSON array of its custom attributes. */
@ApplicationScoped
public class SchemaStore {

    private final Pool pool;

    SchemaStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<JsonArray>> find(String tenantId) {
        return pool.preparedQuery("select attributes from user_schema where tenant_id = $1")
                .execute(Tuple.of(tenantId))
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(rows.iterator().next().getJsonArray("attributes")) : Optional.empty());
    }

    public Uni<Void> save(String tenantId, JsonArray attributes, Instant now) {
        return pool.preparedQuery("insert into user_schema (tenant_id, attributes, updated_at) values ($1, $2, $3)"
                        + " on conflict (tenant_id) do update set attributes = excluded.attributes, updated_at = excluded.updated_at")
                .execute(Tuple.of(tenantId, attributes, SourceStore.utc(now)))
                .replaceWithVoid();
    }
}
