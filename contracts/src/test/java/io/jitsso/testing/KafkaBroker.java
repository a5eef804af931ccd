package io.jitsso.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker (combined KRaft broker + controller) inside the test JVM. One per JVM,
 * shared by every test class. {@link #stop()} and {@link #start()} simulate a broker outage: the
 * broker comes back on the same port with its data intact.
 */
public final class KafkaBroker {

    private static KafkaBroker instance;

    private final int brokerPort;
    private final int controllerPort;
    private final Path dataDir;
    private final Path configFile;
    private KafkaRaftServer server;

    private KafkaBroker() {
        try {
            brokerPort = freePort();
            controllerPort = freePort();
            dataDir = Files.createTempDirectory("jitsso-kafka-");
            configFile = dataDir.resolve("server.properties");
            Properties properties = properties();
            try (var out = Files.newOutputStream(configFile)) {
                properties.store(out, "jitsso test broker");
            }
            int rc = StorageTool.execute(
                    new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString()},
                    System.out);
            if (rc != 0) {
                throw new IllegalStateException("kafka storage format failed with " + rc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAndDelete, "kafka-broker-cleanup"));
    }

    /** The JVM's broker, started on first use. */
    public static synchronized KafkaBroker shared() {
        if (instance == null) {
            instance = new KafkaBroker();
        }
        instance.start();
        return instance;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        Properties properties = properties();
        server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        server.startup();
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    public synchronized boolean running() {
        return server != null;
    }

    private void stopAndDelete() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // JVM is exiting; nothing useful to do with a failing shutdown
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir; the OS cleans it eventually
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("logs").toString());
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.flush.interval.messages", "1");
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
