package io.jitsso.migration.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Journey definitions as operators wrote them (validated before they get here), per tenant. */
@ApplicationScoped
public class JourneyStore {

    /** A stored journey: its id, the credential kind it handles, and its definition. */
    public record StoredJourney(String id, String credential, JsonObject definition) {
    }

    private final Pool pool;

    JourneyStore(Pool pool) {
        this.pool = pool;
    }

    /** False when another journey of the tenant already handles this credential. */
    public Uni<Boolean> save(String tenantId, String id, String credential, JsonObject definition, Instant now) {
        return pool.preparedQuery("insert into journey (tenant_id, id, credential, definition, updated_at)"
                        + " values ($1, $2, $3, $4, $5) on conflict (tenant_id, id) do update set"
                        + " credential = excluded.credential, definition = excluded.definition, updated_at = excluded.updated_at")
                .execute(Tuple.of(tenantId, id, credential, definition, SourceStore.utc(now)))
                .replaceWith(true)
                .onFailure(failure -> failure instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState()))
                .recoverWithItem(false);
    }

    public Uni<List<StoredJourney>> list(String tenantId) {
        return pool.preparedQuery("select id, credential, definition from journey where tenant_id = $1 order by id")
                .execute(Tuple.of(tenantId))
                .map(rows -> {
                    List<StoredJourney> journeys = new ArrayList<>();
                    rows.forEach(row -> journeys.add(read(row)));
                    return journeys;
                });
    }

    public Uni<Optional<StoredJourney>> forCredential(String tenantId, String credential) {
        return pool.preparedQuery("select id, credential, definition from journey where tenant_id = $1 and credential = $2")
                .execute(Tuple.of(tenantId, credential))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(read(rows.iterator().next())) : Optional.empty());
    }

    public Uni<Boolean> delete(String tenantId, String id) {
        return pool.preparedQuery("delete from journey where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenantId, id))
                .map(rows -> rows.rowCount() == 1);
    }

    private static StoredJourney read(Row row) {
        return new StoredJourney(row.getString("id"), row.getString("credential"), row.getJsonObject("definition"));
    }
}
