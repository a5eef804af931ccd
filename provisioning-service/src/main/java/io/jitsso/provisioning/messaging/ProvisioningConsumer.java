package io.jitsso.provisioning.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.events.ConnectionDisconnectedEvent;
import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.contracts.events.UserEvent;
import io.jitsso.provisioning.config.ProvisioningConfig;
import io.jitsso.provisioning.service.DisconnectProvisioning;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes sign-in and disconnect events (SPEC D1, D2). Sign-ins arrive in batches (one per poll),
 * which a {@link BatchWindow} per topic joins while a transaction is running and hands to
 * {@link SignInRecords}: a batch commits in one transaction. Disconnects are rare and heavy, and
 * are applied one record at a time. Either way a record is acknowledged once its transaction
 * committed; a transient failure retries with backoff, so nothing is skipped; a record that can never
 * apply goes alone to the dead-letter topic {@code jitsso.provisioning.dlq.v1} ({@link DeadLetters})
 * and the partition moves on.
 */
@ApplicationScoped
@RegisterForReflection(targets = {SignInEvent.class, SignInEvent.Profile.class, ConnectionDisconnectedEvent.class,
        UserEvent.class})
public class ProvisioningConsumer {

    private final BatchWindow succeeded;
    private final BatchWindow denied;
    private final EventParser parser;
    private final DisconnectProvisioning disconnects;
    private final TransientRetry retry;
    private final Settlement settlement;

    ProvisioningConsumer(ObjectMapper json, SignInRecords signIns, DisconnectProvisioning disconnects, TransientRetry retry,
            Settlement settlement, ProvisioningConfig config) {
        int maxBatchSize = config.consumer().maxBatchSize();
        this.succeeded = new BatchWindow("signin-succeeded", maxBatchSize,
                records -> signIns.handle(records, SignInEvent.Outcome.SUCCEEDED));
        this.denied = new BatchWindow("signin-denied", maxBatchSize, records -> signIns.handle(records, SignInEvent.Outcome.DENIED));
        this.parser = new EventParser(json);
        this.disconnects = disconnects;
        this.retry = retry;
        this.settlement = settlement;
    }

    @Incoming("signin-succeeded")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> signInSucceeded(KafkaRecordBatch<String, String> batch) {
        return succeeded.offer(batch);
    }

    @Incoming("signin-denied")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> signInDenied(KafkaRecordBatch<String, String> batch) {
        return denied.offer(batch);
    }

    /** Acknowledged when the returned Uni completes: after the commit, or after the dead letter was published. */
    @Incoming("connection-disconnected")
    public Uni<Void> connectionDisconnected(ConsumerRecord<String, String> record) {
        return retry.untilApplied(Settlement.name(record), () -> {
            ConnectionDisconnectedEvent event = parser.disconnect(record.value());
            return disconnects.apply(event).<RecordOutcome>map(result -> new RecordOutcome.Applied(result, event.occurredAt()));
        })
                .onFailure().recoverWithItem(RecordOutcome.DeadLettered::new)
                .chain(outcome -> settlement.settle(List.of(record), List.of(outcome)));
    }
}
