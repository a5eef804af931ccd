package io.jitsso.session.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Tenants' break-glass admins and their audit trail. Every query is scoped by tenant. */
@ApplicationScoped
public class BreakGlassStore {

    private static final String COLUMNS = "tenant_id, username, password_hash, enabled, failed_attempts, locked_until,"
            + " created_at, updated_at, credential_version";

    private final Pool pool;

    BreakGlassStore(Pool pool) {
        this.pool = pool;
    }

    /** {@code credentialVersion}: raised by every set, replacement and disabling (break-glass tokens name it). */
    public record Account(String tenantId, String username, String passwordHash, boolean enabled, int failedAttempts,
            Instant lockedUntil, Instant createdAt, Instant updatedAt, long credentialVersion) {

        public boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }

    public record AuditEntry(long id, Instant occurredAt, String action, String username, String reason, String clientIp) {
    }

    public Pool pool() {
        return pool;
    }

    public Uni<Optional<Account>> find(String tenantId) {
        return pool.preparedQuery("select " + COLUMNS + " from break_glass_admin where tenant_id = $1")
                .execute(Tuple.of(tenantId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(account(rows.iterator().next())));
    }

    /**
     * Whether a break-glass token issued under {@code credentialVersion} still stands: the account is
     * enabled and its credentials were not set, replaced or disabled since. A lockout does not end it
     * (whoever fails passwords must not be able to end the real admin's work).
     */
    public Uni<Boolean> standsAt(String tenantId, long credentialVersion) {
        return pool.preparedQuery("select enabled, credential_version from break_glass_admin where tenant_id = $1")
                .execute(Tuple.of(tenantId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return false;
                    }
                    Row row = rows.iterator().next();
                    return row.getBoolean("enabled") && row.getLong("credential_version") == credentialVersion;
                });
    }

    /** Creates the account or replaces its credentials; enabled, unlocked. */
    public Uni<Account> upsert(SqlClient sql, String tenantId, String username, String passwordHash, Instant now) {
        return sql.preparedQuery("insert into break_glass_admin (" + COLUMNS + ") values ($1, $2, $3, true, 0, null, $4, $4, 1)"
                        + " on conflict (tenant_id) do update set username = excluded.username,"
                        + " password_hash = excluded.password_hash, enabled = true, failed_attempts = 0,"
                        + " locked_until = null, updated_at = excluded.updated_at,"
                        + " credential_version = break_glass_admin.credential_version + 1 returning " + COLUMNS)
                .execute(Tuple.of(tenantId, username, passwordHash, at(now)))
                .map(rows -> account(rows.iterator().next()));
    }

    public Uni<Optional<Account>> disable(SqlClient sql, String tenantId, Instant now) {
        return sql.preparedQuery("update break_glass_admin set enabled = false, updated_at = $2,"
                        + " credential_version = credential_version + 1 where tenant_id = $1"
                        + " returning " + COLUMNS)
                .execute(Tuple.of(tenantId, at(now)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(account(rows.iterator().next())));
    }

    /**
     * Counts a failure; at {@code maxFailures} in a row the account locks until {@code lockUntil} and the count
     * restarts. A failure after {@code windowStart} continues the count, an earlier last failure starts a new one:
     * failures spread thinly over days never add up to a lock.
     */
    public Uni<Account> recordFailure(SqlClient sql, String tenantId, int maxFailures, Instant lockUntil, Instant now,
            Instant windowStart) {
        String count = "(case when last_failed_at > $5 then failed_attempts else 0 end)";
        return sql.preparedQuery("update break_glass_admin set"
                        + " locked_until = case when " + count + " + 1 >= $2 then $3 else locked_until end,"
                        + " failed_attempts = case when " + count + " + 1 >= $2 then 0 else " + count + " + 1 end,"
                        + " last_failed_at = $4"
                        + " where tenant_id = $1 returning " + COLUMNS)
                .execute(Tuple.of(tenantId, maxFailures, at(lockUntil), at(now), at(windowStart)))
                .map(rows -> account(rows.iterator().next()));
    }

    /** When {@code address} is locked out of the tenant's break-glass sign-in, if it is now. */
    public Uni<Optional<Instant>> addressLockedUntil(String tenantId, String address, Instant now) {
        return pool.preparedQuery("select locked_until from break_glass_address_lock where tenant_id = $1"
                        + " and client_address = $2 and locked_until > $3")
                .execute(Tuple.of(tenantId, address, at(now)))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getOffsetDateTime("locked_until").toInstant()));
    }

    /**
     * Counts a wrong password from {@code address}; at {@code maxFailures} in a row (each after {@code windowStart}
     * of the one before) the address locks until {@code lockUntil} and its count restarts. True when this failure
     * locked it.
     */
    public Uni<Boolean> recordAddressFailure(SqlClient sql, String tenantId, String address, int maxFailures,
            Instant lockUntil, Instant now, Instant windowStart) {
        String count = "(case when l.updated_at > $6 then l.failed_attempts else 0 end)";
        return sql.preparedQuery("insert into break_glass_address_lock as l (tenant_id, client_address, failed_attempts,"
                        + " locked_until, updated_at) values ($1, $2, case when 1 >= $3::int then 0 else 1 end,"
                        + " case when 1 >= $3::int then $4::timestamptz end, $5)"
                        + " on conflict (tenant_id, client_address) do update set"
                        + " locked_until = case when " + count + " + 1 >= $3 then $4 else l.locked_until end,"
                        + " failed_attempts = case when " + count + " + 1 >= $3 then 0 else " + count + " + 1 end,"
                        + " updated_at = $5 returning locked_until is not distinct from $4::timestamptz as locked")
                .execute(Tuple.of(tenantId, address, maxFailures, at(lockUntil), at(now), at(windowStart)))
                .map(rows -> Boolean.TRUE.equals(rows.iterator().next().getBoolean("locked")));
    }

    /** A right password from {@code address}: its failures are forgotten. */
    public Uni<Void> clearAddress(SqlClient sql, String tenantId, String address) {
        return sql.preparedQuery("delete from break_glass_address_lock where tenant_id = $1 and client_address = $2")
                .execute(Tuple.of(tenantId, address)).replaceWithVoid();
    }

    /** New credentials: every address starts again. */
    public Uni<Void> clearAddresses(SqlClient sql, String tenantId) {
        return sql.preparedQuery("delete from break_glass_address_lock where tenant_id = $1")
                .execute(Tuple.of(tenantId)).replaceWithVoid();
    }

    /** Forgets addresses that have not failed since {@code cutoff} and are not locked out now. */
    public Uni<Integer> purgeAddressesBefore(Instant cutoff, Instant now) {
        return pool.preparedQuery("delete from break_glass_address_lock where updated_at < $1"
                        + " and (locked_until is null or locked_until <= $2)")
                .execute(Tuple.of(at(cutoff), at(now))).map(rows -> rows.rowCount());
    }

    public Uni<Void> recordSuccess(SqlClient sql, String tenantId) {
        return sql.preparedQuery("update break_glass_admin set failed_attempts = 0 where tenant_id = $1")
                .execute(Tuple.of(tenantId)).replaceWithVoid();
    }

    public Uni<Void> audit(SqlClient sql, String tenantId, String action, String username, String reason, String clientIp,
            Instant now) {
        return sql.preparedQuery("insert into break_glass_audit (tenant_id, occurred_at, action, username, reason, client_ip)"
                        + " values ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(tenantId, at(now), action, username, reason, clientIp))
                .replaceWithVoid();
    }

    /** Newest first; {@code before} is the id of the last entry of the previous page (or null). */
    public Uni<List<AuditEntry>> auditTrail(String tenantId, Long before, int limit) {
        return pool.preparedQuery("select id, occurred_at, action, username, reason, client_ip from break_glass_audit"
                        + " where tenant_id = $1 and ($2::bigint is null or id < $2) order by id desc limit $3")
                .execute(Tuple.of(tenantId, before, limit))
                .map(rows -> {
                    List<AuditEntry> entries = new ArrayList<>();
                    for (Row row : rows) {
                        entries.add(new AuditEntry(row.getLong("id"), row.getOffsetDateTime("occurred_at").toInstant(),
                                row.getString("action"), row.getString("username"), row.getString("reason"),
                                row.getString("client_ip")));
                    }
                    return entries;
                });
    }

    private static Account account(Row row) {
        OffsetDateTime locked = row.getOffsetDateTime("locked_until");
        return new Account(row.getString("tenant_id"), row.getString("username"), row.getString("password_hash"),
                row.getBoolean("enabled"), row.getInteger("failed_attempts"), locked == null ? null : locked.toInstant(),
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant(),
                row.getLong("credential_version"));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
