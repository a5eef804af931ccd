package io.jitsso.provisioning.messaging;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * What follows the transaction of a batch, before its offsets are acknowledged: metrics and a log line
 * per record, one nudge of the outbox relay when users changed, and the dead letters, each published
 * (and retried while the broker is away) until the broker has it. Records are named by
 * topic-partition@offset, never by content.
 */
@ApplicationScoped
public class Settlement {

    private static final Logger LOG = Logger.getLogger(Settlement.class);

    private final ProvisioningMetrics metrics;
    private final ProvisioningEventRelay relay;
    private final DeadLetters deadLetters;
    private final TransientRetry retry;

    Settlement(ProvisioningMetrics metrics, ProvisioningEventRelay relay, DeadLetters deadLetters, TransientRetry retry) {
        this.metrics = metrics;
        this.relay = relay;
        this.deadLetters = deadLetters;
        this.retry = retry;
    }

    /** {@code outcomes} are those of {@code records}, in the same order. */
    public Uni<Void> settle(List<ConsumerRecord<String, String>> records, List<RecordOutcome> outcomes) {
        boolean changedUsers = false;
        for (int i = 0; i < records.size(); i++) {
            if (outcomes.get(i) instanceof RecordOutcome.Applied applied) {
                metrics.handled(records.get(i).topic(), applied.result(), applied.occurredAt());
                LOG.debugf("%s: %s", name(records.get(i)), applied.result());
                changedUsers |= applied.result().changedUser();
            }
        }
        if (changedUsers) {
            relay.nudge();
        }
        return Multi.createFrom().range(0, records.size())
                .filter(i -> outcomes.get(i) instanceof RecordOutcome.DeadLettered)
                .onItem().transformToUniAndConcatenate(i -> deadLetter(records.get(i), (RecordOutcome.DeadLettered) outcomes.get(i)))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, String> record, RecordOutcome.DeadLettered dead) {
        metrics.deadLettered(record.topic());
        LOG.warnf("%s goes to the dead-letter topic: %s", name(record), DeadLetters.reason(dead.reason()));
        return retry.untilPublished("the dead letter of " + name(record), () -> deadLetters.publish(record, dead.reason()));
    }

    static String name(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
