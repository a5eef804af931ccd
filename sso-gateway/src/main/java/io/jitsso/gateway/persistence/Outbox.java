package io.jitsso.gateway.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /** The JSON names of SignInEvent's account fields (the services' mapper writes snake_case). */
    static final String ACCOUNT_ID = "account_id";
    static final String ACCOUNT_VERSION = "account_version";

    private final ObjectMapper json;

    Outbox(ObjectMapper json) {
        this.json = json;
    }

    public Uni<Void> append(SqlConnection connection, SignInEvent event) {
        return Outboxes.append(connection, List.of(new OutboxRecord(event.topic(), event.key(), serialize(event))));
    }

    /**
     * The outbox row of a sign-in event whose account only {@link AccountStore#recordSignIn} knows: the
     * payload is the event's JSON object without {@code account_id}, {@code account_version} and its
     * opening brace, which that statement writes in front.
     */
    public OutboxRecord recordWithoutAccount(SignInEvent event) {
        ObjectNode tree = json.valueToTree(event);
        tree.remove(ACCOUNT_ID);
        if (tree.remove(ACCOUNT_VERSION) == null) {
            throw new IllegalStateException("sign-in events no longer name the account's version " + ACCOUNT_VERSION);
        }
        String payload = serialize(tree);
        return new OutboxRecord(event.topic(), event.key(), payload.substring(1));
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
