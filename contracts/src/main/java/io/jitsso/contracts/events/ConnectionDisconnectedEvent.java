package io.jitsso.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A connection was disconnected (SPEC A9): its users lose the roles it granted and keep
 * {@code viewer}. Keyed by {@code tenant:connection}.
 *
 * @param schemaVersion version of this record's shape
 * @param eventId       unique per event
 * @param tenantId      tenant
 * @param connectionId  the connection
 * @param occurredAt    when it was disconnected
 * @param connectionVersion the connection's version the disconnect wrote: sign-ins read at a lower one came
 *                      before it (null from producers that predate it)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConnectionDisconnectedEvent(
        int schemaVersion,
        String eventId,
        String tenantId,
        String connectionId,
        Instant occurredAt,
        Long connectionVersion) {

    public static final int SCHEMA_VERSION = 1;

    public String key() {
        return Topics.key(tenantId, connectionId);
    }
}
