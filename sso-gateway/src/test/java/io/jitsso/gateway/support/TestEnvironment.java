package io.jitsso.gateway.support;

import io.jitsso.testing.KafkaBroker;
import io.jitsso.testing.PostgresDatabase;
import io.jitsso.testing.Processes;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The real parts around the gateway under test: the packaged session-service as a process (its own
 * database {@code jitsso_session_gwtest}, recreated each run, on the JVM's Kafka broker), a real
 * upstream OIDC provider (mock-oauth2-server's standalone server, as a process), and a fixed HTTP
 * port for the gateway so its public base URL (login URLs, upstream redirect URI) is known before
 * it starts. Both processes start in parallel and must become ready, or the run fails loudly.
 */
public class TestEnvironment implements QuarkusTestResourceLifecycleManager {

    static final String SESSION_DATABASE = PostgresDatabase.named("jitsso_session_gwtest");

    private Process sessionService;
    private Process upstream;

    @Override
    public Map<String, String> start() {
        int gatewayPort = Processes.freePort();
        int sessionPort = Processes.freePort();
        int upstreamPort = Processes.freePort();
        String gatewayBase = "http://localhost:" + gatewayPort;
        String sessionBase = "http://127.0.0.1:" + sessionPort;
        String upstreamBase = "http://127.0.0.1:" + upstreamPort;
        String kafka = KafkaBroker.shared().bootstrapServers();
        CompletableFuture<Process> idp = CompletableFuture.supplyAsync(() -> startUpstream(upstreamPort, upstreamBase));
        CompletableFuture<Process> sessions = CompletableFuture.supplyAsync(
                () -> startSessionService(sessionPort, sessionBase, gatewayBase, kafka));
        try {
            upstream = idp.join();
            sessionService = sessions.join();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.http.test-port", Integer.toString(gatewayPort));
        config.put("jitsso.public-base-url", gatewayBase);
        config.put("jitsso.session-service-url", sessionBase);
        config.put("jitsso.issuer-base-url", sessionBase);
        config.put("test.session-service.url", sessionBase);
        config.put("test.upstream.url", upstreamBase);
        return config;
    }

    @Override
    public void stop() {
        Processes.stop(sessionService);
        Processes.stop(upstream);
    }

    private static Process startSessionService(int port, String base, String gatewayBase, String kafka) {
        Path jar = Path.of("../session-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("session-service is not packaged: run "
                    + "./mvnw -f session-service/pom.xml package -DskipTests first (" + jar.toAbsolutePath() + ")");
        }
        recreateDatabase();
        try {
            Path log = Path.of("target/session-service-gwtest.log");
            Files.deleteIfExists(log);
            ProcessBuilder builder = new ProcessBuilder(Processes.java(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-jar", jar.toString());
            Map<String, String> env = builder.environment();
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("QUARKUS_DATASOURCE_REACTIVE_URL", PostgresDatabase.reactiveUrl(SESSION_DATABASE));
            env.put("QUARKUS_DATASOURCE_JDBC_URL", PostgresDatabase.jdbcUrl(SESSION_DATABASE));
            env.put("QUARKUS_DATASOURCE_USERNAME", PostgresDatabase.USER);
            env.put("QUARKUS_DATASOURCE_PASSWORD", PostgresDatabase.PASSWORD);
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
            env.put("JITSSO_OPERATOR_TOKEN", Fixtures.OPERATOR_TOKEN);
            env.put("JITSSO_INTERNAL_TOKEN", Fixtures.INTERNAL_TOKEN);
            env.put("JITSSO_KEYS_MASTER_KEY", Fixtures.SESSION_MASTER_KEY);
            env.put("JITSSO_ISSUER_BASE_URL", base);
            env.put("JITSSO_GATEWAY_BASE_URL", gatewayBase);
            env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            Process process = builder.start();
            Processes.awaitReady("session-service", process, base + "/q/health/ready", log, Duration.ofSeconds(120));
            return process;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot start session-service", e);
        }
    }

    private static Process startUpstream(int port, String base) {
        Path classpathFile = Path.of("target/mock-oauth2-server.classpath");
        try {
            if (!Files.exists(classpathFile)) {
                throw new IllegalStateException("missing " + classpathFile.toAbsolutePath()
                        + ": the build's generate-test-resources phase writes it (exec-maven-plugin)");
            }
            Path log = Path.of("target/upstream-idp.log");
            Files.deleteIfExists(log);
            ProcessBuilder builder = new ProcessBuilder(Processes.java(), "-Xmx160m", "-XX:TieredStopAtLevel=1",
                    "-cp", Files.readString(classpathFile).trim(), "no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt");
            builder.environment().put("SERVER_PORT", Integer.toString(port));
            // interactive login: the test browser posts the user name and the claims it wants in the tokens
            builder.environment().put("JSON_CONFIG", "{\"interactiveLogin\":true,\"httpServer\":\"NettyWrapper\"}");
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            Process process = builder.start();
            Processes.awaitReady("mock-oauth2-server", process, base + "/default/.well-known/openid-configuration", log,
                    Duration.ofSeconds(60));
            return process;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot start the upstream IdP", e);
        }
    }

    private static void recreateDatabase() {
        try (Connection connection = DriverManager.getConnection(PostgresDatabase.jdbcUrl("postgres"), PostgresDatabase.USER,
                PostgresDatabase.PASSWORD); var statement = connection.createStatement()) {
            statement.execute("drop database if exists " + SESSION_DATABASE + " with (force)");
            statement.execute("create database " + SESSION_DATABASE);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot recreate " + SESSION_DATABASE + ": " + e.getMessage(), e);
        }
    }
}
