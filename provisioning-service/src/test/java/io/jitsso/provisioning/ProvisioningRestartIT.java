package io.jitsso.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.testing.KafkaBroker;
import io.jitsso.testing.PostgresDatabase;
import io.jitsso.testing.Processes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged service as a production process (prod profile, JSON logs) against the real PostgreSQL
 * and Kafka broker, killed with SIGKILL while sign-ins stream in: after a restart every sign-in is
 * applied exactly once in effect (SPEC D2): no loss, no duplicate user, no double-applied change.
 */
class ProvisioningRestartIT {

    private static final String DATABASE = PostgresDatabase.named("jitsso_provisioning_it");
    private static final String OPERATOR = "it-operator-token-" + System.nanoTime();
    private static final int ACCOUNTS = 50;
    private static final int VERSIONS = 4;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Process process;
    private int port;
    private Path log;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
    }

    @Test
    void aKilledServiceResumesWithoutLossOrDuplicates() throws Exception {
        PostgresDatabase.recreate(DATABASE);
        port = Processes.freePort();
        log = Files.createTempFile("provisioning-service-it", ".log");
        String tenant = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        start();

        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(tenant));
        awaitUntil(Duration.ofSeconds(60), () -> count("select count(*) from user_identity where tenant_id = ?", tenant) >= 20,
                "some sign-ins applied before the kill");
        process.destroyForcibly();
        process.waitFor();
        long atKill = count("select count(*) from user_identity where tenant_id = ? and account_version = ?", tenant, VERSIONS);
        assertTrue(atKill < ACCOUNTS, "the kill landed mid-stream");
        producing.get();

        start();
        awaitUntil(Duration.ofSeconds(150), () -> count("select count(*) from user_identity where tenant_id = ? and account_version = ?",
                tenant, VERSIONS) == ACCOUNTS, "every account at its last version");

        assertEquals(ACCOUNTS, count("select count(*) from app_user where tenant_id = ?", tenant), "one user per account");
        assertEquals(ACCOUNTS, count("select count(*) from user_identity where tenant_id = ?", tenant));
        assertEquals(ACCOUNTS, count("select count(*) from app_user where tenant_id = ? and version = ?", tenant, VERSIONS),
                "created once and changed once per later sign-in: nothing applied twice");
        assertEquals(ACCOUNTS, count("select count(*) from user_role where tenant_id = ? and source = 'connection:okta' and role = ?",
                tenant, "v" + VERSIONS), "the roles of the last sign-in");
        assertEquals(ACCOUNTS * 2L, count("select count(*) from user_role where tenant_id = ?", tenant));
        assertEquals(ACCOUNTS, count("select count(*) from audit_log where tenant_id = ? and action = 'user.created'", tenant));
        assertEquals((long) ACCOUNTS * VERSIONS,
                count("select count(*) from audit_log where tenant_id = ? and action = 'signin.succeeded'", tenant),
                "each sign-in audited exactly once");

        awaitUntil(Duration.ofSeconds(30), () -> count("select count(*) from outbox") == 0, "the outbox drains");
        JsonNode page = get("/admin/v1/tenants/" + tenant + "/users?limit=200");
        assertEquals(ACCOUNTS, page.size());
        Set<String> ids = new HashSet<>();
        page.forEach(user -> {
            ids.add(user.get("id").asText());
            assertEquals(List.of("v" + VERSIONS, "viewer"), List.of(user.get("roles").get(0).asText(), user.get("roles").get(1).asText()));
        });
        assertEquals(ACCOUNTS, ids.size());

        String text = Files.readString(log);
        assertTrue(text.contains("\"loggerName\""), "production logs are JSON");
        assertEquals(-1, text.indexOf(OPERATOR), "the operator credential never appears in the log");
    }

    /** Versions 1..4 of 50 accounts, in version order, paced so the stream outlasts the kill. */
    private void produce(String tenant) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (int version = 1; version <= VERSIONS; version++) {
                for (int account = 0; account < ACCOUNTS; account++) {
                    String subject = "user-" + account;
                    SignInEvent event = new SignInEvent(SignInEvent.SCHEMA_VERSION, UUID.randomUUID().toString(),
                            SignInEvent.Outcome.SUCCEEDED, tenant, "okta", "oidc", subject,
                            UUID.nameUUIDFromBytes((tenant + subject).getBytes(StandardCharsets.UTF_8)).toString(), version,
                            true, new SignInEvent.Profile(subject + "@example.com", false, "User", String.valueOf(account),
                                    null, Map.of()), List.of("viewer", "v" + version), List.of("pwd"), null, Instant.now(), null);
                    producer.send(new ProducerRecord<>(event.topic(), event.key(), Fixtures.json(event))).get();
                    Thread.sleep(10);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void start() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the service first");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", PostgresDatabase.reactiveUrl(DATABASE));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", PostgresDatabase.jdbcUrl(DATABASE));
        env.put("QUARKUS_DATASOURCE_USERNAME", PostgresDatabase.USER);
        env.put("QUARKUS_DATASOURCE_PASSWORD", PostgresDatabase.PASSWORD);
        env.put("KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.shared().bootstrapServers());
        env.put("JITSSO_OPERATOR_TOKEN", OPERATOR);
        env.put("JITSSO_INTERNAL_TOKEN", "restart-test-internal-token-0123456789");
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("service exited: " + tail());
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base() + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        fail("service not ready in 90 s: " + tail());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + OPERATOR).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return json.readTree(response.body());
    }

    private void awaitUntil(Duration patience, BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not reached in " + patience.toSeconds() + " s: " + what + "\n" + tail());
            }
            Thread.sleep(100);
        }
    }

    private static long count(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(PostgresDatabase.jdbcUrl(DATABASE), PostgresDatabase.USER,
                PostgresDatabase.PASSWORD); var statement = connection.prepareStatement(sql)) {
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

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private String tail() {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 3000));
        } catch (IOException e) {
            return "(no log)";
        }
    }


}
