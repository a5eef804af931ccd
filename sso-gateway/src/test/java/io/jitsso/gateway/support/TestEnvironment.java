package io.jitsso.gateway.support;

import io.jitsso.testing.KafkaBroker;
import io.jitsso.testing.PostgresDatabase;
import io.jitsso.testing.Processes;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The real parts around the gateway under test: the packaged session-service and provisioning-service
 * as processes (their own databases {@code jitsso_session_gwtest} and {@code jitsso_provisioning_gwtest},
 * recreated each run, on the JVM's Kafka broker: provisioning consumes the gateway's events), a real
 * upstream OIDC provider (mock-oauth2-server's standalone server, as a process), migration-service
 * (packaged: the user schema, and the redirect migration tests), and a fixed HTTP
 * port for the gateway so its public base URL (login URLs, upstream redirect URI) is known before
 * it starts. The processes start in parallel and must become ready, or the run fails loudly.
 */
public class TestEnvironment implements QuarkusTestResourceLifecycleManager {

    static final String SESSION_DATABASE = PostgresDatabase.named("jitsso_session_gwtest");
    static final String PROVISIONING_DATABASE = PostgresDatabase.named("jitsso_provisioning_gwtest");
    static final String MIGRATION_DATABASE = PostgresDatabase.named("jitsso_migration_gwtest");

    private Process sessionService;
    private Process provisioningService;
    private Process upstream;

    @Override
    public Map<String, String> start() {
        int gatewayPort = Processes.freePort();
        int sessionPort = Processes.freePort();
        int upstreamPort = Processes.freePort();
        int provisioningPort = Processes.freePort();
        int migrationPort = Processes.freePort();
        String gatewayBase = "http://localhost:" + gatewayPort;
        String sessionBase = "http://127.0.0.1:" + sessionPort;
        String upstreamBase = "http://127.0.0.1:" + upstreamPort;
        String provisioningBase = "http://127.0.0.1:" + provisioningPort;
        String migrationBase = "http://127.0.0.1:" + migrationPort;
        String kafka = KafkaBroker.shared().bootstrapServers();
        CompletableFuture<Process> idp = CompletableFuture.supplyAsync(() -> startUpstream(upstreamPort, upstreamBase));
        CompletableFuture<Process> sessions = CompletableFuture.supplyAsync(
                () -> startSessionService(sessionPort, sessionBase, gatewayBase, kafka));
        CompletableFuture<Process> provisioning = CompletableFuture.supplyAsync(
                () -> startProvisioningService(provisioningPort, sessionBase, kafka));
        // every connection's save reads the tenant's user schema from migration-service (ADR-32)
        prepareMigrationService(migrationPort, sessionBase, gatewayBase, kafka);
        CompletableFuture<Void> migration = CompletableFuture.runAsync(MigrationServiceProcess::ensureRunning);
        try {
            upstream = idp.join();
            sessionService = sessions.join();
            provisioningService = provisioning.join();
            migration.join();
        } catch (RuntimeException e) {
            // whichever started must not outlive the failed run
            for (CompletableFuture<Process> started : List.of(idp, sessions, provisioning)) {
                Processes.stop(started.exceptionally(failure -> null).join());
            }
            MigrationServiceProcess.stop();
            throw e;
        }
        Map<String, String> config = new HashMap<>();
        config.put("jitsso.migration-service-url", migrationBase);
        config.put("test.migration-service.url", migrationBase);
        config.put("quarkus.http.test-port", Integer.toString(gatewayPort));
        config.put("jitsso.public-base-url", gatewayBase);
        config.put("jitsso.session-service-url", sessionBase);
        config.put("jitsso.issuer-base-url", sessionBase);
        config.put("test.session-service.url", sessionBase);
        config.put("test.upstream.url", upstreamBase);
        config.put("test.provisioning-service.url", provisioningBase);
        return config;
    }

    @Override
    public void stop() {
        Processes.stop(sessionService);
        Processes.stop(provisioningService);
        Processes.stop(upstream);
        MigrationServiceProcess.stop();
    }

    /**
     * migration-service, on a port fixed now (the gateway's {@code jitsso.migration-service-url}); restartable
     * ({@link MigrationServiceProcess}) for the tests that show what a sign-in does while it is away.
     */
    private static void prepareMigrationService(int port, String sessionBase, String gatewayBase, String kafka) {
        Map<String, String> env = new HashMap<>();
        env.put("JITSSO_INTERNAL_TOKEN", Fixtures.INTERNAL_TOKEN);
        env.put("JITSSO_KEYS_MASTER_KEY", Fixtures.SESSION_MASTER_KEY);
        env.put("JITSSO_SESSION_SERVICE_URL", sessionBase);
        env.put("JITSSO_ISSUER_BASE_URL", sessionBase);
        env.put("JITSSO_GATEWAY_URL", gatewayBase);
        MigrationServiceProcess.prepare(fresh -> startService("migration-service", MIGRATION_DATABASE, port, kafka, env, fresh));
    }

    private static Process startSessionService(int port, String base, String gatewayBase, String kafka) {
        Map<String, String> env = new HashMap<>();
        env.put("JITSSO_INTERNAL_TOKEN", Fixtures.INTERNAL_TOKEN);
        env.put("JITSSO_KEYS_MASTER_KEY", Fixtures.SESSION_MASTER_KEY);
        env.put("JITSSO_ISSUER_BASE_URL", base);
        env.put("JITSSO_GATEWAY_BASE_URL", gatewayBase);
        env.put("JITSSO_ADMIN_PORTAL_SESSION_CHECK_TTL", "PT0S");
        return startService("session-service", SESSION_DATABASE, port, kafka, env, true);
    }

    /** provisioning-service consumes the gateway's events from the JVM's broker and reads keys from session-service. */
    private static Process startProvisioningService(int port, String sessionBase, String kafka) {
        Map<String, String> env = new HashMap<>();
        env.put("JITSSO_SESSION_SERVICE_URL", sessionBase);
        env.put("JITSSO_ISSUER_BASE_URL", sessionBase);
        env.put("JITSSO_INTERNAL_TOKEN", Fixtures.INTERNAL_TOKEN);
        env.put("JITSSO_ADMIN_PORTAL_SESSION_CHECK_TTL", "PT0S");
        return startService("provisioning-service", PROVISIONING_DATABASE, port, kafka, env, true);
    }

    /** A packaged suite service as a production process on a database of its own, fresh or as left. */
    private static Process startService(String module, String database, int port, String kafka, Map<String, String> settings,
            boolean freshDatabase) {
        Path jar = Path.of("../" + module + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(module + " is not packaged: run "
                    + "./mvnw -f " + module + "/pom.xml package -DskipTests first (" + jar.toAbsolutePath() + ")");
        }
        if (freshDatabase) {
            PostgresDatabase.recreate(database);
        }
        try {
            Path log = Path.of("target/" + module + "-gwtest.log");
            if (!freshDatabase && Files.exists(log)) {
                Files.move(log, log.resolveSibling(module + "-gwtest-" + System.nanoTime() + ".log"));
            }
            Files.deleteIfExists(log);
            ProcessBuilder builder = new ProcessBuilder(Processes.java(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-jar", jar.toString());
            Map<String, String> env = builder.environment();
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("QUARKUS_DATASOURCE_REACTIVE_URL", PostgresDatabase.reactiveUrl(database));
            env.put("QUARKUS_DATASOURCE_JDBC_URL", PostgresDatabase.jdbcUrl(database));
            env.put("QUARKUS_DATASOURCE_USERNAME", PostgresDatabase.USER);
            env.put("QUARKUS_DATASOURCE_PASSWORD", PostgresDatabase.PASSWORD);
            // the machine's one PostgreSQL serves every checkout's tests: small pools keep its 100 slots shared
            env.put("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE", "6");
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
            env.put("JITSSO_OPERATOR_TOKEN", Fixtures.OPERATOR_TOKEN);
            env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
            env.putAll(settings);
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            Process process = builder.start();
            Processes.awaitReady(module, process, "http://127.0.0.1:" + port + "/q/health/ready", log, Duration.ofSeconds(120));
            return process;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot start " + module, e);
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

}
