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

    static SessionRecord from(Row row) {
        return new SessionRecord(
                row.getUUID("id"),
                row.getString("tenant_id"),
                row.getString("subject"),
                row.getString("connection_id"),
                List.of(row.getArrayOfStrings("amr")),
                row.getJsonObject("claims"),
                row.getLong("version"),
                row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("authenticated_at").toInstant(),
                row.getOffsetDateTime("last_used_at").toInstant(),
                row.getOffsetDateTime("expires_at").toInstant());
    }
}
