package io.jitsso.migration.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sources, always read and written within one tenant. */
@ApplicationScoped
public class SourceStore {

    private static final String COLUMNS = "tenant_id, id, type, name, settings, attribute_mapping, secret_ciphertext,"
            + " status, created_at, updated_at, retired_at";

    private final Pool pool;

    SourceStore(Pool pool) {
        this.pool = pool;
    }

    /** False when the tenant already has a source with this id. */
    public Uni<Boolean> insert(SourceRecord source) {
        return pool.preparedQuery("insert into source (" + COLUMNS + ") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
                        + " on conflict (tenant_id, id) do nothing")
                .execute(Tuple.tuple().addString(source.tenantId()).addString(source.id()).addString(source.type())
                        .addString(source.name()).addValue(source.settings())
                        .addValue(new JsonObject(new LinkedHashMap<>(source.attributeMapping())))
                        .addValue(bytes(source.secretCiphertext()))
                        .addString(source.status()).addOffsetDateTime(utc(source.createdAt()))
                        .addOffsetDateTime(utc(source.updatedAt())).addOffsetDateTime(null))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Replaces name, settings, mapping and (when {@code replaceSecret}) the secret of an active source. */
    public Uni<Boolean> update(SourceRecord source, boolean replaceSecret) {
        String secret = replaceSecret ? ", secret_ciphertext = $7" : "";
        Tuple values = Tuple.tuple().addString(source.tenantId()).addString(source.id()).addString(source.name())
                .addValue(source.settings()).addValue(new JsonObject(new LinkedHashMap<>(source.attributeMapping())))
                .addOffsetDateTime(utc(source.updatedAt()));
        if (replaceSecret) {
            values.addValue(bytes(source.secretCiphertext()));
        }
        return pool.preparedQuery("update source set name = $3, settings = $4, attribute_mapping = $5, updated_at = $6"
                        + secret + " where tenant_id = $1 and id = $2 and status = 'active'")
                .execute(values)
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<SourceRecord>> find(String tenantId, String id) {
        return pool.preparedQuery("select " + COLUMNS + " from source where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenantId, id))
                .map(rows -> first(rows));
    }

    public Uni<List<SourceRecord>> list(String tenantId) {
        return pool.preparedQuery("select " + COLUMNS + " from source where tenant_id = $1 order by created_at, id")
                .execute(Tuple.of(tenantId))
                .map(SourceStore::all);
    }

    /** Retires the source: it is never contacted again; users migrated from it keep signing in. */
    public Uni<Optional<SourceRecord>> retire(String tenantId, String id, Instant now) {
        return pool.preparedQuery("update source set status = 'retired', retired_at = coalesce(retired_at, $3),"
                        + " updated_at = $3 where tenant_id = $1 and id = $2 returning " + COLUMNS)
                .execute(Tuple.of(tenantId, id, utc(now)))
                .map(SourceStore::first);
    }

    private static Optional<SourceRecord> first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(read(iterator.next())) : Optional.empty();
    }

    private static List<SourceRecord> all(RowSet<Row> rows) {
        List<SourceRecord> sources = new ArrayList<>();
        rows.forEach(row -> sources.add(read(row)));
        return sources;
    }

    private static SourceRecord read(Row row) {
        Map<String, String> mapping = new LinkedHashMap<>();
        JsonObject stored = row.getJsonObject("attribute_mapping");
        stored.forEach(entry -> mapping.put(entry.getKey(), String.valueOf(entry.getValue())));
        Buffer secret = row.getBuffer("secret_ciphertext");
        return new SourceRecord(row.getString("tenant_id"), row.getString("id"), row.getString("type"), row.getString("name"),
                row.getJsonObject("settings"), mapping, secret == null ? null : secret.getBytes(), row.getString("status"),
                instant(row, "created_at"), instant(row, "updated_at"), instant(row, "retired_at"));
    }

    /** bytea as the core Buffer the client binds (the Mutiny wrapper cannot wrap a null). */
    private static io.vertx.core.buffer.Buffer bytes(byte[] value) {
        return value == null ? null : io.vertx.core.buffer.Buffer.buffer(value);
    }

    static Instant instant(Row row, String column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    static java.time.OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
