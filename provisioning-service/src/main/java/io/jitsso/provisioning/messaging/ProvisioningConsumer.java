package io.jitsso.provisioning.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.events.ConnectionDisconnectedEvent;
import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.contracts.events.UserEvent;
import io.jitsso.provisioning.config.ProvisioningConfig;
import io.jitsso.provisioning.service.ApplyResult;
import io.jitsso.provisioning.service.DisconnectProvisioning;
import io.jitsso.provisioning.service.Failures;
import io.jitsso.provisioning.service.SignInProvisioning;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes sign-in and disconnect events (SPEC D1, D2). A record is acknowledged once applied; a
 * transient failure (database away, deadlock) retries the same record with backoff, so nothing is
 * skipped; a record that can never apply (malformed, against the contract) fails and goes to the
 * dead-letter topic {@code jitsso.provisioning.dlq.v1}, and the partition moves on. Logs name the
 * record by topic, partition and offset, never by content.
 */
@ApplicationScoped
@RegisterForReflection(targets = {SignInEvent.class, SignInEvent.Profile.class, ConnectionDisconnectedEvent.class,
        UserEvent.class})
public class ProvisioningConsumer {

    private static final Logger LOG = Logger.getLogger(ProvisioningConsumer.class);

    private final EventParser parser;
    private final SignInProvisioning signIns;
    private final DisconnectProvisioning disconnects;
    private final ProvisioningMetrics metrics;
    private final ProvisioningEventRelay relay;
    private final ProvisioningConfig.Consumer retry;

    ProvisioningConsumer(ObjectMapper json, SignInProvisioning signIns, DisconnectProvisioning disconnects,
            ProvisioningMetrics metrics, ProvisioningEventRelay relay, ProvisioningConfig config) {
        this.parser = new EventParser(json);
        this.signIns = signIns;
        this.disconnects = disconnects;
        this.metrics = metrics;
        this.relay = relay;
        this.retry = config.consumer();
    }

    /** What applying a record did, and when its event happened (for the lag). */
    private record Handled(ApplyResult result, Instant occurredAt) {
    }

    @Incoming("signin-succeeded")
    public Uni<Void> signInSucceeded(ConsumerRecord<String, String> record) {
        return handle(record, () -> signIn(record, SignInEvent.Outcome.SUCCEEDED));
    }

    @Incoming("signin-denied")
    public Uni<Void> signInDenied(ConsumerRecord<String, String> record) {
        return handle(record, () -> signIn(record, SignInEvent.Outcome.DENIED));
    }

    @Incoming("connection-disconnected")
    public Uni<Void> connectionDisconnected(ConsumerRecord<String, String> record) {
        return handle(record, () -> {
            ConnectionDisconnectedEvent event = parser.disconnect(record.value());
            return disconnects.apply(event).map(result -> new Handled(result, event.occurredAt()));
        });
    }

    private Uni<Handled> signIn(ConsumerRecord<String, String> record, SignInEvent.Outcome outcome) {
        SignInEvent event = parser.signIn(record.value(), outcome);
        return signIns.apply(event).map(result -> new Handled(result, event.occurredAt()));
    }

    private Uni<Void> handle(ConsumerRecord<String, String> record, Supplier<Uni<Handled>> apply) {
        return Uni.createFrom().<Handled>deferred(apply::get)
                .onFailure(Failures::isTransient).invoke(failure -> LOG.warnf(
                        "cannot apply %s, will retry: %s", name(record), failure.getMessage()))
                .onFailure(Failures::isTransient).retry()
                .withBackOff(retry.initialBackoff(), retry.maxBackoff()).indefinitely()
                .invoke(handled -> {
                    metrics.handled(record.topic(), handled.result(), handled.occurredAt());
                    if (handled.result().changedUser()) {
                        relay.nudge();
                    }
                    LOG.debugf("%s: %s", name(record), handled.result());
                })
                .onFailure().invoke(failure -> {
                    metrics.deadLettered(record.topic());
                    LOG.warnf("%s goes to the dead-letter topic: %s", name(record), reason(failure));
                })
                .replaceWithVoid();
    }

    private static String name(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static String reason(Throwable failure) {
        return failure instanceof MalformedEvent ? failure.getMessage()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
