package io.jitsso.gateway.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
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
    /** The services' mapper, leaving out the account fields of sign-in events. */
    private final ObjectMapper withoutAccount;

    Outbox(ObjectMapper json) {
        this.json = json;
        this.withoutAccount = json.copy().addMixIn(SignInEvent.class, WithoutAccount.class);
        // fail at startup, not per sign-in, if the mapper ever names the fields differently
        String probe = serialize(withoutAccount, new SignInEvent(SignInEvent.SCHEMA_VERSION, "probe",
                SignInEvent.Outcome.SUCCEEDED, "t", "c", "oidc", "s", "probe-account", 7, true, null, List.of(), List.of(),
                null, java.time.Instant.EPOCH, 3L));
        if (probe.contains(ACCOUNT_ID) || probe.contains(ACCOUNT_VERSION) || !probe.startsWith("{")) {
            throw new IllegalStateException("sign-in events no longer name their account fields " + ACCOUNT_ID + " and "
                    + ACCOUNT_VERSION + ": " + probe);
        }
    }

    /** Jackson mix-in for {@link #recordWithoutAccount} (registered for native images in NativeReflection). */
    @JsonIgnoreProperties({ACCOUNT_ID, ACCOUNT_VERSION})
    public interface WithoutAccount {
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
        return new OutboxRecord(event.topic(), event.key(), serialize(withoutAccount, event).substring(1));
    }

    public Uni<Void> append(SqlConnection connection, ConnectionDisconnectedEvent event) {
        return Outboxes.append(connection,
                List.of(new OutboxRecord(Topics.CONNECTION_DISCONNECTED, event.key(), serialize(event))));
    }

    private String serialize(Object event) {
        return serialize(json, event);
    }

    private static String serialize(ObjectMapper mapper, Object event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event not serializable", e);
        }
    }
}
