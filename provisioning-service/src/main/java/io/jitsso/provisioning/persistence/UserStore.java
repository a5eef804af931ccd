package io.jitsso.provisioning.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Users and their role grants read with the reactive client inside the caller's transaction, a whole
 * batch per statement. Rows come back as detached {@link UserEntity} and {@link RoleEntity} objects.
 */
@ApplicationScoped
public class UserStore {

    /** The users, row-locked in id order. */
    static final String LOCK = "select id, tenant_id, email, email_verified, given_name, family_name, display_name,"
            + " custom::text as custom, version, created_at, updated_at from app_user"
            + " where id = any($1::uuid[]) order by id for update";

    /** The grants of the users. */
    static final String GRANTS = "select user_id, tenant_id, role, source, granted_at from user_role"
            + " where user_id = any($1::uuid[]) order by user_id, role, source";

    /**
     * Up to $3 ids of the tenant's users per email, in id order. The users are found inside an OFFSET 0 fence that
     * asks for no order, so the planner cannot save a sort by walking all of the tenant's users in id order and
     * stopping at the limit; it takes {@code app_user_tenant_email_id} (ADR-19, provisioning V3).
     */
    static final String WITH_EMAILS = "select k.n, u.id from unnest($1::text[], $2::text[]) with ordinality as k(tenant_id, email, n)"
            + " cross join lateral (select m.id from (select a.id from app_user a where a.tenant_id = k.tenant_id"
            + " and lower(a.email) = lower(k.email) offset 0) m order by m.id limit $3) u order by k.n, u.id";

    /** The database format of {@code custom}: plain JSON, as Hibernate writes it. */
    private static final ObjectMapper COLUMN_JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> CUSTOM = new TypeReference<>() {
    };

    /** Users as locked, and their grants by user id. */
    public record Locked(Map<UUID, UserEntity> users, Map<UUID, List<RoleEntity>> grants) {
    }

    /** Locks the users (in id order) and reads their grants once the locks are held. */
    public Uni<Locked> lockWithGrants(SqlConnection connection, Collection<UUID> ids) {
        return lock(connection, ids).chain(users -> grantsOf(connection, users.keySet()).map(grants -> new Locked(users, grants)));
    }

    /** The users, row-locked until the transaction ends, locked in id order; missing ids are absent. */
    Uni<Map<UUID, UserEntity>> lock(SqlConnection connection, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return connection.preparedQuery(LOCK)
                .execute(Tuple.of(ids.stream().distinct().toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, UserEntity> users = new HashMap<>();
                    for (Row row : rows) {
                        UserEntity user = user(row);
                        users.put(user.id, user);
                    }
                    return users;
                });
    }

    /**
     * The grants of the users, by user. Read in a statement of its own after the users were locked, so
     * that it sees what a transaction the lock waited for committed.
     */
    Uni<Map<UUID, List<RoleEntity>>> grantsOf(SqlConnection connection, Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return connection.preparedQuery(GRANTS)
                .execute(Tuple.of(userIds.stream().distinct().toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, List<RoleEntity>> grants = new HashMap<>();
                    for (UUID userId : userIds) {
                        grants.put(userId, new ArrayList<>());
                    }
                    for (Row row : rows) {
                        RoleEntity grant = new RoleEntity();
                        grant.userId = row.getUUID("user_id");
                        grant.tenantId = row.getString("tenant_id");
                        grant.role = row.getString("role");
                        grant.source = row.getString("source");
                        grant.grantedAt = row.getOffsetDateTime("granted_at").toInstant();
                        grants.get(grant.userId).add(grant);
                    }
                    return grants;
                });
    }

    /** For each email, up to {@code max} ids of the tenant's users with that email (ignoring case), by id. */
    public Uni<Map<EmailKey, List<UUID>>> withEmails(SqlConnection connection, Collection<EmailKey> emails, int max) {
        List<EmailKey> keys = emails.stream().distinct().toList();
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return connection.preparedQuery(WITH_EMAILS)
                .execute(Tuple.of(keys.stream().map(EmailKey::tenantId).toArray(String[]::new),
                        keys.stream().map(EmailKey::email).toArray(String[]::new), (long) max))
                .map(rows -> {
                    Map<EmailKey, List<UUID>> found = new HashMap<>();
                    for (EmailKey key : keys) {
                        found.put(key, new ArrayList<>());
                    }
                    for (Row row : rows) {
                        found.get(keys.get(row.getLong("n").intValue() - 1)).add(row.getUUID("id"));
                    }
                    return found;
                });
    }

    private static UserEntity user(Row row) {
        UserEntity user = new UserEntity();
        user.id = row.getUUID("id");
        user.tenantId = row.getString("tenant_id");
        user.email = row.getString("email");
        user.emailVerified = row.getBoolean("email_verified");
        user.givenName = row.getString("given_name");
        user.familyName = row.getString("family_name");
        user.displayName = row.getString("display_name");
        user.custom = custom(row.getString("custom"));
        user.version = row.getLong("version");
        user.createdAt = row.getOffsetDateTime("created_at").toInstant();
        user.updatedAt = row.getOffsetDateTime("updated_at").toInstant();
        return user;
    }

    private static Map<String, String> custom(String json) {
        try {
            return json == null ? new HashMap<>() : new HashMap<>(COLUMN_JSON.readValue(json, CUSTOM));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("custom attributes of a user are not a JSON object of strings", e);
        }
    }
}
