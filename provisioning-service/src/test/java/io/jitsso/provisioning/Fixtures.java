package io.jitsso.provisioning;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.jitsso.contracts.events.ConnectionDisconnectedEvent;
import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.contracts.events.Topics;
import io.jitsso.testing.KafkaBroker;
import io.jitsso.testing.PostgresDatabase;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Drives the service the way the suite does: events produced to the real broker as the gateway writes
 * them (snake_case JSON), effects read back through the admin API, the database and the user topics.
 */
public final class Fixtures {

    public static final String OPERATOR_TOKEN = "test-operator-token-0123456789abcdef";
    public static final String DATABASE = PostgresDatabase.named("jitsso_provisioning_test");
    public static final String DEAD_LETTER_TOPIC = "jitsso.provisioning.dlq.v1";
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    /** The gateway's serialization of events: snake_case, ISO-8601 instants, no nulls. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static KafkaProducer<String, String> producer;

    private Fixtures() {
    }

    public static String newTenant() {
        return "t" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The gateway's stable id of an upstream account: the id of the user created from it. */
    public static UUID accountId(String tenant, String connection, String subject) {
        return UUID.nameUUIDFromBytes((tenant + "|" + connection + "|" + subject).getBytes(StandardCharsets.UTF_8));
    }

    public static SignInEvent.Profile profile(String email, Boolean verified) {
        return new SignInEvent.Profile(email, verified, "Given", "Family", "Display Name", Map.of());
    }

    public static SignInEvent succeeded(String tenant, String connection, String subject, long version, List<String> roles,
            SignInEvent.Profile profile) {
        return new SignInEvent(SignInEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), SignInEvent.Outcome.SUCCEEDED,
                tenant, connection, "oidc", subject, accountId(tenant, connection, subject).toString(), version, true,
                profile, roles, List.of("pwd"), null, Instant.now(), null);
    }

    public static SignInEvent notJit(String tenant, String connection, String subject, long version) {
        return new SignInEvent(SignInEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), SignInEvent.Outcome.SUCCEEDED,
                tenant, connection, "saml", subject, accountId(tenant, connection, subject).toString(), version, false,
                profile(subject + "@example.com", true), List.of("viewer"), List.of("pwd"), null, Instant.now(), null);
    }

    public static SignInEvent denied(String tenant, String connection, String subject, long version, String reason) {
        return new SignInEvent(SignInEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), SignInEvent.Outcome.DENIED,
                tenant, connection, "oidc", subject, accountId(tenant, connection, subject).toString(), version, true,
                profile(subject + "@example.com", true), List.of(), List.of("pwd"), reason, Instant.now(), null);
    }

    /** A sign-in the connection accepted that {@code app}'s required roles denied (ADR-33). */
    public static SignInEvent deniedByApp(String tenant, String connection, String subject, long version, String app) {
        SignInEvent e = denied(tenant, connection, subject, version, "The application requires one of the roles admin");
        return new SignInEvent(e.schemaVersion(), e.eventId(), e.outcome(), e.tenantId(), e.connectionId(), e.protocol(),
                e.upstreamSubject(), e.accountId(), e.accountVersion(), e.jit(), e.profile(), List.of("editor"), e.amr(),
                e.denialReason(), e.occurredAt(), null, null, app);
    }

    public static ConnectionDisconnectedEvent disconnected(String tenant, String connection) {
        return disconnected(tenant, connection, null);
    }

    /** A disconnect that wrote the connection's {@code version} (sign-ins read at a lower one came before it). */
    public static ConnectionDisconnectedEvent disconnected(String tenant, String connection, Long version) {
        return new ConnectionDisconnectedEvent(ConnectionDisconnectedEvent.SCHEMA_VERSION, UUID.randomUUID().toString(),
                tenant, connection, Instant.now(), version);
    }

    /** {@code event} as read at the connection's {@code version}. */
    public static SignInEvent atConnectionVersion(SignInEvent e, long version) {
        return new SignInEvent(e.schemaVersion(), e.eventId(), e.outcome(), e.tenantId(), e.connectionId(), e.protocol(),
                e.upstreamSubject(), e.accountId(), e.accountVersion(), e.jit(), e.profile(), e.roles(), e.amr(),
                e.denialReason(), e.occurredAt(), version);
    }

    // --- producing -----------------------------------------------------------------------------

    public static RecordMetadata publish(SignInEvent event) {
        return send(new ProducerRecord<>(event.topic(), event.key(), json(event)));
    }

    /** Sends the events without waiting for each, so they reach the broker (and the consumer) together. */
    public static List<RecordMetadata> publishAll(List<SignInEvent> events) {
        List<java.util.concurrent.Future<RecordMetadata>> sent = events.stream()
                .map(event -> producer().send(new ProducerRecord<>(event.topic(), event.key(), json(event)))).toList();
        producer().flush();
        List<RecordMetadata> acknowledged = new ArrayList<>();
        for (java.util.concurrent.Future<RecordMetadata> future : sent) {
            try {
                acknowledged.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return acknowledged;
    }

    public static RecordMetadata publish(ConnectionDisconnectedEvent event) {
        return send(new ProducerRecord<>(Topics.CONNECTION_DISCONNECTED, event.key(), json(event)));
    }

    public static RecordMetadata publishRaw(String topic, String key, String value) {
        return send(new ProducerRecord<>(topic, key, value));
    }

    public static String json(Object event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RecordMetadata send(ProducerRecord<String, String> record) {
        try {
            return producer().send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties properties = new Properties();
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    /**
     * Waits until the service has consumed every partition the given records went to past them: a
     * marker event of a fresh tenant is sent to each of those partitions and awaited. Proves that
     * records which change nothing (duplicates) really were consumed.
     */
    public static void drain(RecordMetadata... sent) {
        Set<String> done = new LinkedHashSet<>();
        for (RecordMetadata metadata : sent) {
            if (!done.add(metadata.topic() + "/" + metadata.partition())) {
                continue;
            }
            String tenant = "marker-" + UUID.randomUUID().toString().substring(0, 8);
            String value = switch (metadata.topic()) {
                case Topics.SIGNIN_SUCCEEDED -> json(notJit(tenant, "marker", "marker", 1));
                case Topics.SIGNIN_DENIED -> json(denied(tenant, "marker", "marker", 1, "marker"));
                case Topics.CONNECTION_DISCONNECTED -> json(disconnected(tenant, "marker"));
                default -> throw new IllegalArgumentException(metadata.topic());
            };
            send(new ProducerRecord<>(metadata.topic(), metadata.partition(), tenant, value));
            awaitAudit(tenant, 1);
        }
    }

    // --- reading back --------------------------------------------------------------------------

    public static Connection database() throws SQLException {
        return DriverManager.getConnection(PostgresDatabase.jdbcUrl(DATABASE), PostgresDatabase.USER, PostgresDatabase.PASSWORD);
    }

    public static long count(String sql, Object... parameters) {
        try (Connection connection = database(); var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            var rows = statement.executeQuery();
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void execute(String sql, Object... parameters) {
        try (Connection connection = database(); var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The account's last applied sign-in version; 0 when it never signed in. */
    public static long accountVersion(String tenant, String connection, String subject) {
        return count("select coalesce(max(account_version), 0) from user_identity "
                + "where tenant_id = ? and connection_id = ? and upstream_subject = ?", tenant, connection, subject);
    }

    public static void awaitAccountVersion(String tenant, String connection, String subject, long version) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
                .until(() -> accountVersion(tenant, connection, subject) == version);
    }

    public static long users(String tenant) {
        return count("select count(*) from app_user where tenant_id = ?", tenant);
    }

    public static long audits(String tenant) {
        return count("select count(*) from audit_log where tenant_id = ?", tenant);
    }

    public static long audits(String tenant, String action) {
        return count("select count(*) from audit_log where tenant_id = ? and action = ?", tenant, action);
    }

    public static void awaitAudit(String tenant, long entries) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> audits(tenant) >= entries);
    }

    public static void awaitAudit(String tenant, String action, long entries) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> audits(tenant, action) >= entries);
    }

    public static RequestSpecification admin() {
        return given().auth().oauth2(OPERATOR_TOKEN);
    }

    /** The user as the admin API shows it. */
    public static Map<String, Object> user(String tenant, UUID id) {
        return admin().get("/admin/v1/tenants/" + tenant + "/users/" + id).then().statusCode(200).extract().jsonPath().getMap("");
    }

    /** Role grants of a user as {@code role@source}, sorted. */
    public static List<String> grants(String tenant, UUID id) {
        List<Map<String, Object>> roles = admin().get("/admin/v1/tenants/" + tenant + "/users/" + id)
                .then().statusCode(200).extract().jsonPath().getList("roles");
        return roles.stream().map(r -> r.get("role") + "@" + r.get("source")).sorted().toList();
    }

    /** Audit actions of a tenant, oldest first. */
    public static List<String> auditActions(String tenant) {
        List<String> newestFirst = admin().queryParam("limit", 200).get("/admin/v1/tenants/" + tenant + "/audit")
                .then().statusCode(200).extract().jsonPath().getList("action");
        List<String> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /** At least {@code expected} records of the tenant from the topics matching {@code pattern}, by user version. */
    public static List<ConsumerRecord<String, String>> consume(String pattern, String tenant, int expected) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Pattern.compile(pattern));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().startsWith(tenant + ":")) {
                        records.add(record);
                    }
                }
            }
        }
        if (records.size() < expected) {
            throw new AssertionError("expected " + expected + " records of " + tenant + ", got " + records.size());
        }
        return records;
    }

    /** User events of the tenant, as parsed JSON maps ordered by user version then topic. */
    public static List<Map<String, Object>> userEvents(String tenant, int expected) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : consume("jitsso\\.user\\..*", tenant, expected)) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> event = new LinkedHashMap<>(JSON.readValue(record.value(), Map.class));
                event.put("_topic", record.topic());
                event.put("_key", record.key());
                events.add(event);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        events.sort(Comparator.comparing((Map<String, Object> e) -> ((Number) e.get("user_version")).longValue())
                .thenComparing(e -> (String) e.get("user_id")));
        return events;
    }
}
