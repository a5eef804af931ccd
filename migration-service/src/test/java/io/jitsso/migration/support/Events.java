package io.jitsso.migration.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads what migration-service published to the real broker, from the start of a topic. */
public final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    public record Event(String key, JsonNode value) {
    }

    /** The first event on {@code topic} matching {@code wanted}, waiting up to {@code timeout}. */
    public static Event await(String topic, Predicate<Event> wanted, Duration timeout) {
        List<Event> seen = new ArrayList<>();
        List<Event> matching = read(topic, wanted, timeout, true, seen);
        if (matching.isEmpty()) {
            throw new AssertionError("no matching event on " + topic + " within " + timeout + "; saw " + seen.size() + ": " + seen);
        }
        return matching.get(0);
    }

    /** Every event on {@code topic} matching {@code wanted} that arrives within {@code window}. */
    public static List<Event> collect(String topic, Predicate<Event> wanted, Duration window) {
        return read(topic, wanted, window, false, new ArrayList<>());
    }

    private static List<Event> read(String topic, Predicate<Event> wanted, Duration window, boolean firstOnly,
            List<Event> seen) {
        List<Event> matching = new ArrayList<>();
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "migration-test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + window.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                    Event event = new Event(record.key(), JSON.readTree(record.value()));
                    seen.add(event);
                    if (wanted.test(event)) {
                        matching.add(event);
                        if (firstOnly) {
                            return matching;
                        }
                    }
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("event is not JSON", e);
        }
        return matching;
    }
}
