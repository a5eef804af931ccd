package io.jitsso.provisioning.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.outbox.OutboxRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes {@link Changes} inside the caller's transaction with one statement per kind of row, whatever
 * the number of rows ({@code unnest} of one array per column), in an order the foreign keys accept,
 * all in one round trip.
 * Audit entries and outbox rows are inserted in list order, so their sequence numbers keep it.
 */
@ApplicationScoped
public class ChangeWriter {

    /** The database format of jsonb columns: plain JSON, as Hibernate writes and reads it. */
    private static final ObjectMapper COLUMN_JSON = new ObjectMapper();

    public Uni<Void> write(SqlConnection connection, Changes changes) {
        // every tuple is built now: the rows may change after this call returns
        List<Step> steps = List.of(
                step("insert into app_user (id, tenant_id, email, email_verified, given_name, family_name, display_name,"
                        + " custom, version, created_at, updated_at) select id, tenant_id, email, email_verified, given_name,"
                        + " family_name, display_name, custom::jsonb, version, created_at, updated_at from unnest($1::uuid[],"
                        + " $2::text[], $3::text[], $4::bool[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int8[],"
                        + " $10::timestamptz[], $11::timestamptz[]) as t(id, tenant_id, email, email_verified, given_name,"
                        + " family_name, display_name, custom, version, created_at, updated_at)", changes.newUsers(), this::userColumns),
                step("update app_user u set email = t.email, email_verified = t.email_verified, given_name = t.given_name,"
                        + " family_name = t.family_name, display_name = t.display_name, custom = t.custom::jsonb,"
                        + " version = t.version, updated_at = t.updated_at from unnest($1::uuid[], $2::text[], $3::text[],"
                        + " $4::bool[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int8[], $10::timestamptz[],"
                        + " $11::timestamptz[]) as t(id, tenant_id, email, email_verified, given_name, family_name, display_name,"
                        + " custom, version, created_at, updated_at) where u.id = t.id", changes.changedUsers(), this::userColumns),
                step("insert into user_identity (tenant_id, connection_id, upstream_subject, user_id, account_version, linked,"
                        + " created_at) select * from unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::int8[],"
                        + " $6::bool[], $7::timestamptz[])", changes.newAccounts(), rows -> Tuple.from(List.of(
                                strings(rows, a -> a.tenantId), strings(rows, a -> a.connectionId),
                                strings(rows, a -> a.upstreamSubject), uuids(rows, a -> a.userId),
                                longs(rows, a -> a.accountVersion), booleans(rows, a -> a.linked), times(rows, a -> a.createdAt)))),
                step("update user_identity i set account_version = t.account_version from unnest($1::text[], $2::text[],"
                        + " $3::text[], $4::int8[]) as t(tenant_id, connection_id, upstream_subject, account_version)"
                        + " where i.tenant_id = t.tenant_id and i.connection_id = t.connection_id"
                        + " and i.upstream_subject = t.upstream_subject", changes.advancedAccounts(), rows -> Tuple.from(List.of(
                                strings(rows, a -> a.tenantId), strings(rows, a -> a.connectionId),
                                strings(rows, a -> a.upstreamSubject), longs(rows, a -> a.accountVersion)))),
                step("delete from user_role r using unnest($1::uuid[], $2::text[], $3::text[]) as t(user_id, role, source)"
                        + " where r.user_id = t.user_id and r.role = t.role and r.source = t.source",
                        changes.removedGrants(), rows -> Tuple.from(List.of(uuids(rows, g -> g.userId),
                                strings(rows, g -> g.role), strings(rows, g -> g.source)))),
                step("insert into user_role (user_id, tenant_id, role, source, granted_at) select * from unnest($1::uuid[],"
                        + " $2::text[], $3::text[], $4::text[], $5::timestamptz[])", changes.addedGrants(), rows -> Tuple.from(
                                List.of(uuids(rows, g -> g.userId), strings(rows, g -> g.tenantId), strings(rows, g -> g.role),
                                        strings(rows, g -> g.source), times(rows, g -> g.grantedAt)))),
                step("insert into audit_log (tenant_id, occurred_at, actor, action, user_id, connection_id, details)"
                        + " select tenant_id, occurred_at, actor, action, user_id, connection_id, details::jsonb"
                        + " from unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[])"
                        + " with ordinality as t(tenant_id, occurred_at, actor, action, user_id, connection_id, details, n)"
                        + " order by n", changes.audit(), rows -> Tuple.from(List.of(strings(rows, e -> e.tenantId),
                                times(rows, e -> e.occurredAt), strings(rows, e -> e.actor), strings(rows, e -> e.action),
                                uuids(rows, e -> e.userId), strings(rows, e -> e.connectionId),
                                strings(rows, e -> json(e.details))))),
                step("insert into outbox (topic, record_key, payload, created_at) select topic, record_key, payload, now()"
                        + " from unnest($1::text[], $2::text[], $3::text[]) with ordinality as t(topic, record_key, payload, n)"
                        + " order by n", changes.events(), rows -> Tuple.from(List.of(strings(rows, OutboxRecord::topic),
                                strings(rows, OutboxRecord::key), strings(rows, OutboxRecord::payload)))));
        // sent together, in this order, without waiting for each answer (the client pipelines the
        // commands of one connection): one round trip. PostgreSQL runs them in order; after a failure
        // the later ones fail as the transaction is aborted, and the first failure is the one reported.
        List<Uni<Void>> statements = steps.stream().filter(step -> step.arguments() != null)
                .map(step -> connection.preparedQuery(step.sql()).execute(step.arguments()).replaceWithVoid()).toList();
        return statements.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(statements).andFailFast().replaceWithVoid();
    }

    /** One statement and its arguments; no arguments when there is nothing of its kind to write. */
    private record Step(String sql, Tuple arguments) {
    }

    private static <T> Step step(String sql, List<T> rows, Function<List<T>, Tuple> arguments) {
        return new Step(sql, rows.isEmpty() ? null : arguments.apply(rows));
    }

    private Tuple userColumns(List<UserEntity> users) {
        return Tuple.from(List.of(uuids(users, u -> u.id), strings(users, u -> u.tenantId), strings(users, u -> u.email),
                booleans(users, u -> u.emailVerified), strings(users, u -> u.givenName), strings(users, u -> u.familyName),
                strings(users, u -> u.displayName), strings(users, u -> json(u.custom)), longs(users, u -> u.version),
                times(users, u -> u.createdAt), times(users, u -> u.updatedAt)));
    }

    private static <T> String[] strings(List<T> rows, Function<T, String> column) {
        return rows.stream().map(column).toArray(String[]::new);
    }

    private static <T> UUID[] uuids(List<T> rows, Function<T, UUID> column) {
        return rows.stream().map(column).toArray(UUID[]::new);
    }

    private static <T> Long[] longs(List<T> rows, Function<T, Long> column) {
        return rows.stream().map(column).toArray(Long[]::new);
    }

    private static <T> Boolean[] booleans(List<T> rows, Function<T, Boolean> column) {
        return rows.stream().map(column).toArray(Boolean[]::new);
    }

    private static <T> OffsetDateTime[] times(List<T> rows, Function<T, Instant> column) {
        return rows.stream().map(row -> OffsetDateTime.ofInstant(column.apply(row), ZoneOffset.UTC)).toArray(OffsetDateTime[]::new);
    }

    private static String json(Object value) {
        try {
            return COLUMN_JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a jsonb column value is not serializable", e);
        }
    }
}
