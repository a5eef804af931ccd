package io.jitsso.session.persistence;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An IdP session as stored. {@code authenticatedAt} is the last time the user really authenticated
 * (OIDC {@code auth_time}); {@code lastUsedAt} the last silent authentication.
 */
public record SessionRecord(
        UUID id,
        String tenantId,
        String subject,
        String connectionId,
        List<String> amr,
        JsonObject claims,
        long version,
        Instant createdAt,
        Instant authenticatedAt,
        Instant lastUsedAt,
        Instant expiresAt) {

    static final String COLUMNS =
            "id, tenant_id, subject, connection_id, amr, claims, version, created_at, authenticated_at, last_used_at, expires_at";

    /** {@link #COLUMNS} of the table aliased {@code table}, each named with {@code prefix} in front. */
    static String columnsAs(String table, String prefix) {
        StringBuilder columns = new StringBuilder();
        for (String column : COLUMNS.split(", ")) {
            columns.append(columns.isEmpty() ? "" : ", ").append(table).append('.').append(column)
                    .append(" as ").append(prefix).append(column);
        }
        return columns.toString();
    }

    static SessionRecord from(Row row) {
        return from(row, "");
    }

    /** The session in {@code row}'s columns named with {@code prefix}; null when they are null (no session). */
    static SessionRecord from(Row row, String prefix) {
        UUID id = row.getUUID(prefix + "id");
        if (id == null) {
            return null;
        }
        return new SessionRecord(
                id,
                row.getString(prefix + "tenant_id"),
                row.getString(prefix + "subject"),
                row.getString(prefix + "connection_id"),
                List.of(row.getArrayOfStrings(prefix + "amr")),
                row.getJsonObject(prefix + "claims"),
                row.getLong(prefix + "version"),
                row.getOffsetDateTime(prefix + "created_at").toInstant(),
                row.getOffsetDateTime(prefix + "authenticated_at").toInstant(),
                row.getOffsetDateTime(prefix + "last_used_at").toInstant(),
                row.getOffsetDateTime(prefix + "expires_at").toInstant());
    }
}
