package io.jitsso.provisioning.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.events.Topics;
import io.jitsso.contracts.events.UserEvent;
import io.jitsso.contracts.outbox.OutboxRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * User events as transactional outbox rows: {@link ChangeWriter} inserts them in the transaction of the
 * user change they describe, and {@code ProvisioningEventRelay} publishes them.
 */
@ApplicationScoped
public class UserEventOutbox {

    private final ObjectMapper json;

    UserEventOutbox(ObjectMapper json) {
        this.json = json;
    }

    /** The event describing {@code user} as it is now, with its effective roles. */
    public OutboxRecord record(UserEntity user, List<String> effectiveRoles, UserEvent.Type type, String connectionId) {
        UserEvent event = new UserEvent(UserEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), type, user.tenantId,
                user.id.toString(), user.email, effectiveRoles, connectionId, user.version, Instant.now());
        return new OutboxRecord(type.topic(), Topics.key(user.tenantId, user.id.toString()), serialize(event));
    }

    private String serialize(UserEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("user event not serializable", e);
        }
    }
}
