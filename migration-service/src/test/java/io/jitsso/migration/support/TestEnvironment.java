package io.jitsso.migration.support;

import io.jitsso.testing.KafkaBroker;
import io.jitsso.testing.PostgresDatabase;
import io.jitsso.testing.Processes;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The real session-service around migration-service under test: its packaged jar as a process, with
 * its own database {@code jitsso_session_migtest} (recreated each run) on the JVM's Kafka broker. It
 * must become ready, or the run fails loudly. The gateway's internal API is a stand-in ({@link GatewayStandIn}).
 */
public class TestEnvironment implements QuarkusTestResourceLifecycleManager {

    static final String SESSION_DATABASE = PostgresDatabase.named("jitsso_session_migtest");

    private Process sessionService;

    @Override
    public Map<String, String> start() {
        int sessionPort = Processes.freePort();
        String sessionBase = "http://127.0.0.1:" + sessionPort;
        sessionService = startSessionService(sessionPort, sessionBase, KafkaBroker.shared().bootstrapServers());
        Map<String, String> config = new HashMap<>();
        config.put("jitsso.session-service-url", sessionBase);
        config.put("jitsso.issuer-base-url", sessionBase);
        config.put("test.session-service.url", sessionBase);
        config.put("jitsso.gateway-url", GatewayStandIn.start());
        return config;
    }

    @Override
    public void stop() {
        Processes.stop(sessionService);
    }

    private static Process startSessionService(int port, String base, String kafka) {
        Path jar = Path.of("../session-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("session-service is not packaged: run "
                    + "./mvnw -pl session-service -am package -DskipTests first (" + jar.toAbsolutePath() + ")");
        }
        PostgresDatabase.recreate(SESSION_DATABASE);
        try {
            Path log = Path.of("target/session-service-migtest.log");
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
            env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            Process process = builder.start();
            Processes.awaitReady("session-service", process, base + "/q/health/ready", log, Duration.ofSeconds(120));
            return process;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot start session-service", e);
        }
    }

}
