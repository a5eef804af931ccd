package io.jitsso.provisioning.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Hands the polls of one channel to a handler in as few calls as it can, one call at a time: the
 * polls that arrive while the handler works on a batch wait and are handled together next, up to
 * {@code maxRecords} records. The Kafka connector polls on its own thread whatever the application
 * does, so under a steady stream each poll holds one or two records; joining what waited is what
 * makes a backlog cost a few transactions instead of one per record.
 *
 * <p>A poll's batch is acknowledged (its offsets become committable) only when the handler's call
 * that included it completed, that is after its transaction committed and its dead letters were
 * published. While a full batch waits, the next poll is not accepted: the connector stops handing
 * out records and pauses the partitions once its own queue is full. A failing handler (a bug: it
 * retries transient failures and dead-letters the rest) nacks its batches, which stops the channel
 * ({@code failure-strategy=fail}) rather than skip or dead-letter good records.
 */
final class BatchWindow {

    private static final Logger LOG = Logger.getLogger(BatchWindow.class);

    private final String channel;
    private final int maxRecords;
    private final Function<List<ConsumerRecord<String, String>>, Uni<Void>> handler;
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private int waitingRecords;
    private boolean handling;
    /** The poll held back while a full batch waits; accepted when the handler takes the batch. */
    private UniEmitter<? super Void> heldBack;

    private record Waiting(KafkaRecordBatch<String, String> batch, List<ConsumerRecord<String, String>> records) {
    }

    BatchWindow(String channel, int maxRecords, Function<List<ConsumerRecord<String, String>>, Uni<Void>> handler) {
        this.channel = channel;
        this.maxRecords = maxRecords;
        this.handler = handler;
    }

    /** Accepts a poll's batch; the returned Uni completes when the window can take the next one. */
    Uni<Void> offer(KafkaRecordBatch<String, String> batch) {
        List<ConsumerRecord<String, String>> records = records(batch);
        return Uni.createFrom().emitter(accepted -> {
            boolean start;
            boolean full;
            synchronized (this) {
                waiting.add(new Waiting(batch, records));
                waitingRecords += records.size();
                full = waitingRecords >= maxRecords;
                if (full) {
                    heldBack = accepted;
                }
                start = !handling;
                handling = true;
            }
            if (!full) {
                accepted.complete(null);
            }
            if (start) {
                handleNext();
            }
        });
    }

    private void handleNext() {
        List<Waiting> taken = new ArrayList<>();
        UniEmitter<? super Void> release = null;
        synchronized (this) {
            int records = 0;
            while (!waiting.isEmpty() && (taken.isEmpty() || records + waiting.peek().records().size() <= maxRecords)) {
                Waiting next = waiting.poll();
                taken.add(next);
                records += next.records().size();
            }
            waitingRecords -= records;
            if (taken.isEmpty()) {
                handling = false;
                return;
            }
            if (heldBack != null && waitingRecords < maxRecords) {
                release = heldBack;
                heldBack = null;
            }
        }
        if (release != null) {
            release.complete(null);
        }
        List<ConsumerRecord<String, String>> records = taken.stream().flatMap(w -> w.records().stream()).toList();
        LOG.debugf("%s: handling %d records of %d polls", channel, records.size(), taken.size());
        Uni.createFrom().deferred(() -> handler.apply(records))
                .subscribe().with(done -> {
                    taken.forEach(this::acknowledge);
                    handleNext();
                }, failure -> {
                    LOG.errorf(failure, "%s: %d records could not be handled; stopping the channel", channel, records.size());
                    taken.forEach(w -> w.batch().nack(failure));
                });
    }

    /**
     * Marks a poll's offsets committable. Should that fail (the partitions moved to another replica
     * meanwhile), its records are delivered again, which their event ids make harmless.
     */
    private void acknowledge(Waiting waiting) {
        waiting.batch().ack().whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.warnf("%s: a poll's offsets could not be acknowledged, its records will come again: %s", channel,
                        failure.getMessage());
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static List<ConsumerRecord<String, String>> records(KafkaRecordBatch<String, String> batch) {
        IncomingKafkaRecordBatchMetadata<String, String> metadata = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .orElseThrow(() -> new IllegalStateException("a Kafka batch without its records"));
        List<ConsumerRecord<String, String>> records = new ArrayList<>(metadata.count());
        metadata.getRecords().forEach(records::add);
        return records;
    }
}
