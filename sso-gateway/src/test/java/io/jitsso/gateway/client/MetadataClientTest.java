package io.jitsso.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metadata fetch against a real HTTP server: its deadline covers a body that never ends. */
class MetadataClientTest {

    private static final Duration TIMEOUT = Duration.ofMillis(800);

    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metadata", exchange -> {
            byte[] body = "<md:EntityDescriptor/>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/trickle", exchange -> {
            // headers at once, then one byte every 200 ms for as long as anyone reads
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write('<');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException closed) {
                // the client gave up
            }
        });
        server.createContext("/huge", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[MetadataClient.MAX_BYTES + 10]);
            } catch (IOException closed) {
                // the client stopped reading at the limit
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void fetchesMetadata() {
        assertEquals("<md:EntityDescriptor/>", new MetadataClient(TIMEOUT).fetch(base + "/metadata").await().atMost(Duration.ofSeconds(5)));
    }

    @Test
    void aBodyThatTricklesEndsAtTheDeadline() {
        long start = System.nanoTime();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new MetadataClient(TIMEOUT).fetch(base + "/trickle").await().atMost(Duration.ofSeconds(10)));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(refused.getMessage().contains("within 800 ms"), refused.getMessage());
        assertTrue(tookMs < 3_000, "ended near its deadline, took " + tookMs + " ms");
    }

    @Test
    void aBodyOverTheLimitIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new MetadataClient(TIMEOUT).fetch(base + "/huge").await().atMost(Duration.ofSeconds(5)));
        assertTrue(refused.getMessage().contains("larger than"), refused.getMessage());
    }
}
