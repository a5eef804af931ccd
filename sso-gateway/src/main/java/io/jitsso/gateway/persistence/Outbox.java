package io.jitsso.gateway.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.events.ConnectionDisconnectedEvent;
import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.contracts.events.Topics;
import io.jitsso.contracts.outbox.OutboxRecord;
import io.jitsso.contracts.outbox.Outboxes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The gateway's events into its transactional outbox, in the transaction of the change they
 * describe; {@code GatewayEventRelay} publishes them to Kafka afterwards.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper json;

    Outbox(ObjectMapper json) {
        this.json = json;
    }

    public Uni<Void> append(SqlConnection connection, SignInEvent event) {
        return Outboxes.append(connection, List.of(new OutboxRecord(event.topic(), event.key(), serialize(event))));
    }

    public Uni<Void> append(SqlConnection connection, ConnectionDisconnectedEvent event) {
        return Outboxes.append(connection,
                List.of(new OutboxRecord(Topics.CONNECTION_DISCONNECTED, event.key(), serialize(event))));
    }

    private String serialize(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event not serializable", e);
        }
    }
}
