package io.jitsso.provisioning.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

/** How polls are joined, held back and acknowledged, with a handler the test completes by hand. */
class BatchWindowTest {

    private final List<Integer> handled = new ArrayList<>();
    private final List<CompletableFuture<Void>> running = new ArrayList<>();
    private final BatchWindow window = new BatchWindow("test", 3, records -> {
        handled.add(records.size());
        CompletableFuture<Void> done = new CompletableFuture<>();
        running.add(done);
        return Uni.createFrom().completionStage(done);
    });
    private long offset;

    @Test
    void pollsThatArriveDuringABatchAreJoinedAndAcknowledgedOnlyWhenTheirBatchIsDone() {
        Poll first = new Poll(1);
        assertTrue(accepted(offer(first)));
        assertEquals(List.of(1), handled, "an idle window hands a poll over at once");

        Poll second = new Poll(1);
        Poll third = new Poll(1);
        assertTrue(accepted(offer(second)));
        assertTrue(accepted(offer(third)));
        assertEquals(List.of(1), handled, "one batch at a time");

        running.get(0).complete(null);
        assertTrue(first.acked && !second.acked);
        assertEquals(List.of(1, 2), handled, "what waited is handed over together");
        running.get(1).complete(null);
        assertTrue(second.acked && third.acked);
    }

    @Test
    void aFullBatchWaitingHoldsTheNextPollBack() {
        offer(new Poll(1));
        assertTrue(accepted(offer(new Poll(2))));
        AtomicBoolean heldBack = offer(new Poll(1));
        assertFalse(accepted(heldBack), "three records wait: the connector must not hand out more");

        running.get(0).complete(null);
        assertEquals(List.of(1, 3), handled);
        assertTrue(accepted(heldBack), "taken: the next poll is welcome");

        Poll big = new Poll(3);
        AtomicBoolean full = offer(big);
        assertFalse(accepted(full));
        running.get(1).complete(null);
        assertEquals(List.of(1, 3, 3), handled, "a batch never exceeds the maximum, whole polls only");
        assertTrue(accepted(full));
    }

    @Test
    void aFailingHandlerNacksItsPollsInsteadOfAcknowledgingThem() {
        Poll poll = new Poll(2);
        offer(poll);
        running.get(0).completeExceptionally(new IllegalStateException("a bug"));
        assertFalse(poll.acked);
        assertTrue(poll.nacked);
    }

    /** Offers the poll; the flag turns true when the window accepts it. */
    private AtomicBoolean offer(Poll poll) {
        AtomicBoolean accepted = new AtomicBoolean();
        window.offer(poll).subscribe().with(ignored -> accepted.set(true));
        return accepted;
    }

    private static boolean accepted(AtomicBoolean offer) {
        return offer.get();
    }

    /** One poll's batch of records on one partition, remembering whether it was acknowledged. */
    private final class Poll implements KafkaRecordBatch<String, String> {

        private final ConsumerRecords<String, String> records;
        private boolean acked;
        private boolean nacked;

        Poll(int count) {
            TopicPartition partition = new TopicPartition("jitsso.signin.succeeded.v1", 0);
            List<ConsumerRecord<String, String>> list = IntStream.range(0, count)
                    .mapToObj(i -> new ConsumerRecord<>(partition.topic(), 0, offset++, "key", "{}")).toList();
            this.records = new ConsumerRecords<>(Map.of(partition, list), Map.of());
        }

        @Override
        public List<String> getPayload() {
            List<String> payloads = new ArrayList<>();
            records.forEach(record -> payloads.add(record.value()));
            return payloads;
        }

        @Override
        public Metadata getMetadata() {
            return Metadata.of(new IncomingKafkaRecordBatchMetadata<>(records, "test", Map.of()));
        }

        @Override
        public List<KafkaRecord<String, String>> getRecords() {
            return List.of();
        }

        @Override
        public Map<TopicPartition, KafkaRecord<String, String>> getLatestOffsetRecords() {
            return Map.of();
        }

        @Override
        public Iterator<KafkaRecord<String, String>> iterator() {
            return getRecords().iterator();
        }

        @Override
        public CompletionStage<Void> ack() {
            return ack(Metadata.empty());
        }

        @Override
        public CompletionStage<Void> ack(Metadata metadata) {
            acked = true;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> nack(Throwable reason) {
            return nack(reason, Metadata.empty());
        }

        @Override
        public CompletionStage<Void> nack(Throwable reason, Metadata metadata) {
            nacked = true;
            return CompletableFuture.completedFuture(null);
        }
    }
}
