package io.jitsso.provisioning.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes records that can never apply to the dead-letter topic {@code jitsso.provisioning.dlq.v1},
 * one at a time and only those: the rest of their batch is applied. A dead letter carries the original
 * key and value, and headers saying why and where it came from, named as SmallRye's own dead-letter
 * queue names them: {@code dead-letter-reason} (never the record's content),
 * {@code dead-letter-exception-class-name}, {@code dead-letter-topic}, {@code dead-letter-partition},
 * {@code dead-letter-offset}.
 */
@ApplicationScoped
public class DeadLetters {

    private final MutinyEmitter<String> emitter;

    DeadLetters(@Channel("dead-letters") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
            MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    /** Completes once the broker has acknowledged the dead letter. */
    public Uni<Void> publish(ConsumerRecord<String, String> record, Throwable reason) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, "dead-letter-reason", reason(reason));
        header(headers, "dead-letter-exception-class-name", reason.getClass().getName());
        header(headers, "dead-letter-topic", record.topic());
        header(headers, "dead-letter-partition", Integer.toString(record.partition()));
        header(headers, "dead-letter-offset", Long.toString(record.offset()));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(headers).build();
        // a tombstone's dead letter has an empty value: an emitter refuses null payloads
        String value = record.value() == null ? "" : record.value();
        return Uni.createFrom().deferred(() -> emitter.sendMessage(Message.of(value).addMetadata(metadata)));
    }

    /** Why, without the record's content: the parser's reason, or the kind of failure and its message. */
    static String reason(Throwable failure) {
        return failure instanceof MalformedEvent ? failure.getMessage()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
