package io.jitsso.session.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.events.SessionEvent;
import io.jitsso.contracts.events.Topics;
import io.jitsso.contracts.outbox.OutboxRecord;
import io.jitsso.contracts.outbox.Outboxes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Session events into the transactional outbox, in the transaction of the change they describe;
 * {@code SessionEventRelay} publishes them to Kafka afterwards.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper json;

    Outbox(ObjectMapper json) {
        this.json = json;
    }

    Uni<Void> append(SqlConnection connection, SessionRecord session, SessionEvent.Type type, String clientId, String reason) {
        return appendAll(connection, List.of(session), type, clientId, reason);
    }

    Uni<Void> appendAll(SqlConnection connection, List<SessionRecord> sessions, SessionEvent.Type type, String clientId, String reason) {
        List<OutboxRecord> records = new ArrayList<>(sessions.size());
        for (SessionRecord session : sessions) {
            records.add(record(session, type, clientId, reason));
        }
        return Outboxes.append(connection, records);
    }

    /** The outbox row of one session event, for a statement that writes it together with its change. */
    OutboxRecord record(SessionRecord session, SessionEvent.Type type, String clientId, String reason) {
        SessionEvent event = new SessionEvent(SessionEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), type,
                session.tenantId(), session.id().toString(), session.subject(), session.connectionId(),
                session.amr(), clientId, reason, session.version(), Instant.now());
        return new OutboxRecord(type.topic(), Topics.key(session.tenantId(), session.id().toString()), serialize(event));
    }

    private String serialize(SessionEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("session event not serializable", e);
        }
    }
}
