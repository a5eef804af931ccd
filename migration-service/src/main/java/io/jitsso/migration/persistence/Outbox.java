package io.jitsso.migration.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.events.MigrationEvent;
import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.contracts.outbox.OutboxRecord;
import io.jitsso.contracts.outbox.Outboxes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * A migration's events into the transactional outbox, in the transaction that stored the user:
 * the sign-in event provisioning-service creates the user from, and the {@code migrated} fact.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper json;

    Outbox(ObjectMapper json) {
        this.json = json;
    }

    public Uni<Void> append(SqlConnection connection, SignInEvent signIn, MigrationEvent migrated) {
        return Outboxes.append(connection, List.of(
                new OutboxRecord(signIn.topic(), signIn.key(), serialize(signIn)),
                new OutboxRecord(migrated.topic(), migrated.key(), serialize(migrated))));
    }

    private String serialize(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event not serializable", e);
        }
    }
}
