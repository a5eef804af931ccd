package io.jitsso.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged service, started as a production process (prod profile, JSON logs) against the real
 * PostgreSQL and Kafka broker: sessions survive a restart, and the production log holds no secret.
 */
class SessionRestartIT {

    private static final String DATABASE = PostgresDatabase.named("jitsso_session_it");
    private static final String OPERATOR = "it-operator-token-" + System.nanoTime();
    private static final String INTERNAL = "it-internal-token-" + System.nanoTime();
    private static final String MASTER_KEY = Base64.getEncoder().encodeToString(
            io.jitsso.contracts.crypto.Secrets.randomBytes(32));

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> secrets = new ArrayList<>(List.of(OPERATOR, INTERNAL, MASTER_KEY));
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
    void sessionsSurviveARestartAndTheProductionLogHoldsNoSecret() throws Exception {
        PostgresDatabase.recreate(DATABASE);
        port = Processes.freePort();
        log = Files.createTempFile("session-service-it", ".log");
        start();

        post("/admin/v1/tenants", OPERATOR, "{\"id\":\"restart\",\"name\":\"Restart\"}", 201);
        JsonNode app = post("/admin/v1/tenants/restart/apps", OPERATOR, "{\"client_id\":\"web\",\"name\":\"Web\"}", 201);
        String secret = app.get("client_secret").asText();
        secrets.add(secret);
        String token = clientToken(secret);
        JsonNode opened = post("/internal/v1/sessions", INTERNAL,
                "{\"tenant_id\":\"restart\",\"subject\":\"alice\",\"amr\":[\"pwd\"]}", 201);
        String sessionId = opened.get("session_id").asText();
        secrets.add(sessionId);
        post("/v1/auth/session/authenticate", token, "{\"session_id\":\"" + sessionId + "\"}", 200);

        process.destroy();
        process.waitFor();
        assertTrue(Files.readString(log).contains("stopped in"), "SIGTERM ran Quarkus' graceful shutdown");
        start();

        JsonNode tokens = post("/v1/auth/session/authenticate", token, "{\"session_id\":\"" + sessionId + "\"}", 200);
        secrets.add(tokens.get("id_token").asText());
        secrets.add(tokens.get("access_token").asText());
        assertTrue(clientToken(secret).length() > 0, "the app and its hashed secret survived too");
        post("/v1/auth/session/authenticate", token, "{\"session_id\":\"" + "x".repeat(43) + "\"}", 400);

        String text = Files.readString(log);
        assertTrue(text.contains("\"loggerName\""), "production logs are JSON");
        for (String value : secrets) {
            assertEquals(-1, text.indexOf(value), "a secret of length " + value.length() + " appears in the production log");
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
        env.put("JITSSO_INTERNAL_TOKEN", INTERNAL);
        env.put("JITSSO_KEYS_MASTER_KEY", MASTER_KEY);
        env.put("JITSSO_ISSUER_BASE_URL", "http://localhost:" + port);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("service exited: " + tail());
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.ofString());
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

    private String clientToken(String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("web:" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + "/t/restart/oauth2/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        String token = json.readTree(response.body()).get("access_token").asText();
        secrets.add(token);
        return token;
    }

    private JsonNode post(String path, String bearer, String body, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), path + ": " + response.body());
        return response.body().isEmpty() ? null : json.readTree(response.body());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private String tail() throws IOException {
        String text = Files.readString(log);
        return text.substring(Math.max(0, text.length() - 3000));
    }


}
