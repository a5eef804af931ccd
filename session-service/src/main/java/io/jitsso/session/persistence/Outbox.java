package io.jitsso.session.persistence;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
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

    /** The JSON names of SessionEvent's fields that only the session row knows (the services' mapper writes snake_case). */
    static final String SESSION_ID = "session_id";
    static final String SUBJECT = "subject";
    static final String CONNECTION_ID = "connection_id";
    static final String AMR = "amr";
    static final String SESSION_VERSION = "session_version";

    private final ObjectMapper json;
    /** The services' mapper, leaving out the fields {@link #payloadWithoutSession} leaves to the statement. */
    private final ObjectMapper withoutSession;

    Outbox(ObjectMapper json) {
        this.json = json;
        this.withoutSession = json.copy().addMixIn(SessionEvent.class, WithoutSession.class);
        // fail at startup, not per request, if the mapper ever names the fields differently
        String probe = serialize(withoutSession, new SessionEvent(SessionEvent.SCHEMA_VERSION, "probe",
                SessionEvent.Type.AUTHENTICATED, "t", "probe-session", "probe-subject", "probe-connection",
                List.of("probe-amr"), "c", null, 7, Instant.EPOCH));
        if (probe.contains("probe-") || probe.contains(SESSION_VERSION) || !probe.startsWith("{")) {
            throw new IllegalStateException("session events no longer name their session fields " + SESSION_ID + ", "
                    + SUBJECT + ", " + CONNECTION_ID + ", " + AMR + " and " + SESSION_VERSION + ": " + probe);
        }
    }

    /** Jackson mix-in for {@link #payloadWithoutSession} (registered for native images in NativeReflection). */
    @JsonIgnoreProperties({SESSION_ID, SUBJECT, CONNECTION_ID, AMR, SESSION_VERSION})
    public interface WithoutSession {
    }

    /**
     * The payload of an event about a session that only the statement writing it knows (a silent
     * authentication finds its session by the bearer id's hash): the event's JSON object without the
     * session's id, subject, connection, amr and version and without its opening brace, which that
     * statement writes in front ({@link SessionStore#TOUCH}).
     */
    String payloadWithoutSession(SessionEvent.Type type, String tenantId, String clientId, Instant now) {
        return serialize(withoutSession, new SessionEvent(SessionEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), type,
                tenantId, null, null, null, null, clientId, null, 0, now)).substring(1);
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
        return serialize(json, event);
    }

    private static String serialize(ObjectMapper mapper, SessionEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("session event not serializable", e);
        }
    }
}
