package io.jitsso.provisioning.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.events.Topics;
import io.jitsso.contracts.events.UserEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * User events into the transactional outbox, through the current Hibernate transaction: the user
 * change and its event commit or roll back together. {@code ProvisioningEventRelay} publishes them.
 */
@ApplicationScoped
public class UserEventOutbox {

    private final ObjectMapper json;

    UserEventOutbox(ObjectMapper json) {
        this.json = json;
    }

    /** Appends the event describing {@code user} as it is now, with its effective roles. */
    public Uni<Void> append(UserEntity user, List<String> effectiveRoles, UserEvent.Type type, String connectionId) {
        Instant now = Instant.now();
        UserEvent event = new UserEvent(UserEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), type, user.tenantId,
                user.id.toString(), user.email, effectiveRoles, connectionId, user.version, now);
        OutboxEntity row = new OutboxEntity();
        row.topic = type.topic();
        row.recordKey = Topics.key(user.tenantId, user.id.toString());
        row.payload = serialize(event);
        row.createdAt = now;
        return row.persist().replaceWithVoid();
    }

    private String serialize(UserEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("user event not serializable", e);
        }
    }
}
