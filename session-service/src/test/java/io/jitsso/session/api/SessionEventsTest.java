package io.jitsso.session.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.session.Fixtures;
import io.jitsso.testing.KafkaBroker;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** SPEC D1: session lifecycle events reach the real Kafka broker, versioned, keyed and ordered per session. */
@QuarkusTest
class SessionEventsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void lifecycleEventsArePublishedInOrderThroughTheOutbox() throws Exception {
        String tenant = Fixtures.newTenant();
        String token = Fixtures.clientToken(Fixtures.newApp(tenant));
        Fixtures.Session loggedOut = Fixtures.openSession(tenant, "sam", "okta");
        Fixtures.silentAuth(token, loggedOut.sessionId()).then().statusCode(200);
        Fixtures.logout(token, loggedOut.sessionId()).then().statusCode(204);
        Fixtures.Session revoked = Fixtures.openSession(tenant, "sam", "okta");
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).delete("/admin/v1/tenants/" + tenant + "/sessions/" + revoked.id())
                .then().statusCode(204);

        List<ConsumerRecord<String, String>> records = consume(tenant, 5);

        List<ConsumerRecord<String, String>> first = records.stream()
                .filter(r -> r.key().equals(tenant + ":" + loggedOut.id())).toList();
        assertEquals(List.of("jitsso.session.created.v1", "jitsso.session.authenticated.v1", "jitsso.session.logged-out.v1"),
                first.stream().map(ConsumerRecord::topic).toList());
        List<Long> versions = new ArrayList<>();
        for (ConsumerRecord<String, String> record : first) {
            JsonNode event = json.readTree(record.value());
            assertEquals(1, event.get("schema_version").asInt());
            assertEquals(tenant, event.get("tenant_id").asText());
            assertEquals(loggedOut.id(), event.get("session_id").asText());
            assertEquals("sam", event.get("subject").asText());
            assertEquals("okta", event.get("connection_id").asText());
            assertFalse(event.get("event_id").asText().isEmpty());
            versions.add(event.get("session_version").asLong());
            assertFalse(record.value().contains(loggedOut.sessionId()), "the bearer session id never leaves the service");
        }
        assertEquals(List.of(1L, 2L, 3L), versions);
        assertEquals("AUTHENTICATED", json.readTree(first.get(1).value()).get("type").asText());

        List<ConsumerRecord<String, String>> second = records.stream()
                .filter(r -> r.key().equals(tenant + ":" + revoked.id())).toList();
        assertEquals(List.of("jitsso.session.created.v1", "jitsso.session.revoked.v1"),
                second.stream().map(ConsumerRecord::topic).toList());
        assertEquals("admin", json.readTree(second.get(1).value()).get("reason").asText());
        // both keys of one tenant's session land on a single partition each
        assertEquals(1, first.stream().map(ConsumerRecord::partition).distinct().count());
    }

    /**
     * The authenticated event is written by the statement that touches the session (ADR-27): it must be
     * the JSON the services' mapper writes for the same event, also for a subject that needs escaping
     * and for a session without a connection (left out, as the mapper leaves nulls out).
     */
    @Test
    void theAuthenticatedEventIsTheMappersJsonEvenForAwkwardValues() throws Exception {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        String token = Fixtures.clientToken(app);
        String awkward = "s\"a\\m \u00fc\u2028\t<x>";
        Fixtures.Session federated = Fixtures.openSession(tenant, awkward, "okta");
        Fixtures.Session local = Fixtures.openSession(tenant, "local-user", null);
        Fixtures.silentAuth(token, federated.sessionId()).then().statusCode(200);
        Fixtures.silentAuth(token, local.sessionId()).then().statusCode(200);

        List<ConsumerRecord<String, String>> records = consume(tenant, 4);
        for (Fixtures.Session session : List.of(federated, local)) {
            ConsumerRecord<String, String> record = records.stream()
                    .filter(r -> r.key().equals(tenant + ":" + session.id()))
                    .filter(r -> r.topic().equals("jitsso.session.authenticated.v1"))
                    .findFirst().orElseThrow();
            JsonNode event = json.readTree(record.value());
            List<String> names = new ArrayList<>();
            event.fieldNames().forEachRemaining(names::add);
            List<String> expected = new ArrayList<>(List.of("schema_version", "event_id", "type", "tenant_id", "session_id",
                    "subject", "connection_id", "amr", "client_id", "session_version", "occurred_at"));
            if (session == local) {
                expected.remove("connection_id");
            }
            assertEquals(expected.stream().sorted().toList(), names.stream().sorted().toList(), record.value());
            assertEquals(1, event.get("schema_version").asInt());
            assertEquals("AUTHENTICATED", event.get("type").asText());
            assertEquals(tenant, event.get("tenant_id").asText());
            assertEquals(session.id(), event.get("session_id").asText());
            assertEquals(session == federated ? awkward : "local-user", event.get("subject").asText());
            assertEquals(List.of("fed", "mfa"), List.of(event.get("amr").get(0).asText(), event.get("amr").get(1).asText()));
            assertEquals(2, event.get("amr").size());
            assertEquals(app.clientId(), event.get("client_id").asText());
            assertEquals(2, event.get("session_version").asLong());
            assertFalse(event.get("event_id").asText().isEmpty());
            java.time.Instant.parse(event.get("occurred_at").asText());
            assertFalse(record.value().contains(session.sessionId()), "the bearer session id never leaves the service");
        }
    }

    List<ConsumerRecord<String, String>> consume(String tenant, int expected) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Pattern.compile("jitsso\\.session\\..*"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().startsWith(tenant + ":")) {
                        records.add(record);
                    }
                }
            }
        }
        assertTrue(records.size() >= expected, "expected " + expected + " events, got " + records.size());
        records.sort(java.util.Comparator.comparingLong(r -> {
            try {
                return json.readTree(r.value()).get("session_version").asLong();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        return records;
    }
}
