package io.jitsso.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Session lifecycle event (SPEC D1). Carries the session's public handle, never its secret id.
 *
 * @param schemaVersion  version of this record's shape; consumers ignore unknown fields
 * @param eventId        unique per event, for consumer de-duplication
 * @param type           what happened
 * @param tenantId       owning tenant
 * @param sessionId      public session handle (the admin API's id), not the bearer session id
 * @param subject        the user's subject within the tenant
 * @param connectionId   connection the session was opened through, if any
 * @param amr            authentication methods of the session
 * @param clientId       app that authenticated or logged out, if any
 * @param reason         why a session was revoked, if it was
 * @param sessionVersion increases with every change of the session: consumers order by it
 * @param occurredAt     when it happened
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionEvent(
        int schemaVersion,
        String eventId,
        Type type,
        String tenantId,
        String sessionId,
        String subject,
        String connectionId,
        List<String> amr,
        String clientId,
        String reason,
        long sessionVersion,
        Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;

    /** Session lifecycle steps, each with its own topic. */
    public enum Type {
        CREATED(Topics.SESSION_CREATED),
        AUTHENTICATED(Topics.SESSION_AUTHENTICATED),
        LOGGED_OUT(Topics.SESSION_LOGGED_OUT),
        REVOKED(Topics.SESSION_REVOKED);

        private final String topic;

        Type(String topic) {
            this.topic = topic;
        }

        public String topic() {
            return topic;
        }
    }
}
