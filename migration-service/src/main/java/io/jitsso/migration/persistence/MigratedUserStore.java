package io.jitsso.migration.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Migrated users and the identifiers they sign in with; every query is scoped to one tenant. */
@ApplicationScoped
public class MigratedUserStore {

    /** A migrated user as a local sign-in needs it; {@code sourceSubject}: who they are at their source. */
    public record LocalUser(UUID id, String sourceId, String sourceSubject, String passwordHash, JsonObject profile) {
        @Override
        public String toString() {
            return "LocalUser[" + id + "]";
        }
    }

    /** The outcome of storing a first sign-in: {@code created} is false when another sign-in stored the user first. */
    public record Stored(LocalUser user, boolean created) {
    }

    private final Pool pool;

    MigratedUserStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<LocalUser>> findByIdentifier(String tenantId, String identifier) {
        return pool.preparedQuery("select u.id, u.source_id, u.source_subject, u.password_hash, u.profile from user_identifier i"
                        + " join migrated_user u on u.tenant_id = i.tenant_id and u.id = i.user_id"
                        + " where i.tenant_id = $1 and i.identifier = $2")
                .execute(Tuple.of(tenantId, identifier))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(read(rows.iterator().next())) : Optional.empty());
    }

    /**
     * Stores the user of a source account under {@code id}, or finds the one a concurrent first sign-in stored: the
     * unique (tenant, source, subject) key makes the second insert wait for the first transaction and
     * then take the existing row. Runs in the caller's transaction.
     */
    public Uni<Stored> store(SqlClient client, String tenantId, UUID id, String sourceId, String sourceSubject,
            String passwordHash, JsonObject profile, Instant now) {
        return client.preparedQuery("insert into migrated_user (tenant_id, id, source_id, source_subject, password_hash,"
                        + " profile, migrated_at) values ($1, $2, $3, $4, $5, $6, $7)"
                        + " on conflict (tenant_id, source_id, source_subject) do update set source_subject = excluded.source_subject"
                        + " returning id, source_id, source_subject, password_hash, profile, (xmax = 0) as created")
                .execute(Tuple.tuple().addString(tenantId).addUUID(id).addString(sourceId)
                        .addString(sourceSubject).addString(passwordHash).addValue(profile)
                        .addOffsetDateTime(SourceStore.utc(now)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Stored(read(row), row.getBoolean("created"));
                });
    }

    /** Lets the user sign in with {@code identifier}; false when it already names a different user. */
    public Uni<Boolean> addIdentifier(SqlClient client, String tenantId, String identifier, UUID userId) {
        return client.preparedQuery("insert into user_identifier (tenant_id, identifier, user_id) values ($1, $2, $3)"
                        + " on conflict (tenant_id, identifier) do update set user_id = user_identifier.user_id"
                        + " returning user_id")
                .execute(Tuple.of(tenantId, identifier, userId))
                .map(rows -> userId.equals(rows.iterator().next().getUUID("user_id")));
    }

    /** Registers a local password for a user who had none (migrated by one-time code). */
    public Uni<Void> setPassword(String tenantId, UUID userId, String passwordHash) {
        return pool.preparedQuery("update migrated_user set password_hash = $3 where tenant_id = $1 and id = $2"
                        + " and password_hash is null")
                .execute(Tuple.of(tenantId, userId, passwordHash))
                .replaceWithVoid();
    }

    /**
     * Registers the first local password of a user migrated without one (by redirect) who has an
     * identifier to sign in with; that identifier, empty when nothing was registered.
     */
    public Uni<Optional<String>> registerFirstPassword(String tenantId, UUID userId, String passwordHash) {
        return pool.preparedQuery("update migrated_user u set password_hash = $3"
                        + " where u.tenant_id = $1 and u.id = $2 and u.password_hash is null"
                        + " and exists (select 1 from user_identifier i where i.tenant_id = $1 and i.user_id = $2)"
                        + " returning (select min(i.identifier) from user_identifier i where i.tenant_id = $1 and i.user_id = $2)"
                        + " as identifier")
                .execute(Tuple.of(tenantId, userId, passwordHash))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getString("identifier"))
                        : Optional.empty());
    }

    private static LocalUser read(Row row) {
        return new LocalUser(row.getUUID("id"), row.getString("source_id"), row.getString("source_subject"),
                row.getString("password_hash"), row.getJsonObject("profile"));
    }
}
