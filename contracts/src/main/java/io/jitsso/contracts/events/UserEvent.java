package io.jitsso.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * User lifecycle (SPEC D1), published by provisioning-service. Keyed by {@code tenant:userId};
 * {@code userVersion} increases with every change of the user.
 *
 * @param schemaVersion version of this record's shape
 * @param eventId       unique per event
 * @param type          what happened
 * @param tenantId      tenant
 * @param userId        the platform user id
 * @param email         the user's email, if known
 * @param roles         the user's effective platform roles after the change
 * @param connectionId  the connection that caused the change, if any
 * @param userVersion   the user's version after the change
 * @param occurredAt    when it happened
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserEvent(
        int schemaVersion,
        String eventId,
        Type type,
        String tenantId,
        String userId,
        String email,
        List<String> roles,
        String connectionId,
        long userVersion,
        Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;

    public enum Type {
        CREATED(Topics.USER_CREATED),
        UPDATED(Topics.USER_UPDATED),
        DOWNGRADED(Topics.USER_DOWNGRADED),
        MIGRATED(Topics.USER_MIGRATED);

        private final String topic;

        Type(String topic) {
            this.topic = topic;
        }

        public String topic() {
            return topic;
        }
    }
}
