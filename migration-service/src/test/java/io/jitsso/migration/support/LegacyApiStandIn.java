package io.jitsso.migration.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stand-in for a tenant's home-grown legacy identity system, which cannot run here: a small HTTP API
 * the test starts, with a credential-check endpoint (API key in {@code X-Api-Key}) and a one-time
 * code API. It keeps what it received so tests can assert on the exact bodies, counts calls, and can
 * be switched to "down" (503) to simulate an outage, to answer slowly, or to answer at a given length.
 * It counts the answers it could not send whole because the client closed the connection.
 */
public final class LegacyApiStandIn implements AutoCloseable {

    public static final String API_KEY = "legacy-api-key-" + java.util.UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A user of the legacy system. */
    public record LegacyUser(String id, String login, String password, Map<String, Object> profile) {
    }

    private final HttpServer server;
    private final Map<String, LegacyUser> users = new ConcurrentHashMap<>();
    private final Map<String, String> codes = new ConcurrentHashMap<>();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicInteger answersCut = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean down;
    private volatile long delayMillis;
    private volatile boolean trickle;
    private volatile long answerBytes;
    private volatile boolean declareLength;

    public LegacyApiStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/api/v1/credentials/check", this::check);
        server.createContext("/otp/send", this::sendCode);
        server.createContext("/otp/verify", this::verifyCode);
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void addUser(LegacyUser user) {
        users.put(user.login(), user);
    }

    public void down(boolean down) {
        this.down = down;
    }

    public void delay(long millis) {
        this.delayMillis = millis;
    }

    /** Credential checks answer 200 at once, then send their body one byte every 500 ms (for up to 20 s). */
    public void trickle(boolean trickle) {
        this.trickle = trickle;
    }

    /**
     * Every answer is padded to exactly {@code bytes} bytes of JSON (its usual fields plus {@code padding}),
     * sent in 8 KiB pieces, with a Content-Length when {@code declareLength}, else chunked; 0 turns it off.
     */
    public void answerBytes(long bytes, boolean declareLength) {
        this.declareLength = declareLength;
        this.answerBytes = bytes;
    }

    public int checks() {
        return checks.get();
    }

    /** Answers the stand-in stopped sending because the client closed the connection. */
    public int answersCut() {
        return answersCut.get();
    }

    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** The code the stand-in "sent" to the user (its email/SMS channel). */
    public String codeSentTo(String login) {
        return codes.get(login);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void check(HttpExchange exchange) throws IOException {
        checks.incrementAndGet();
        if (refuse(exchange)) {
            return;
        }
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        received.add(body);
        if (trickle) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 40);
            for (int i = 0; i < 40 && trickle; i++) {
                try {
                    exchange.getResponseBody().write(' ');
                    exchange.getResponseBody().flush();
                    Thread.sleep(500);
                } catch (IOException e) {
                    answersCut.incrementAndGet();
                    break;
                } catch (InterruptedException e) {
                    break;
                }
            }
            exchange.close();
            return;
        }
        LegacyUser user = users.get(body.path("login").asText(""));
        if (user == null || !user.password().equals(body.path("secret").asText(null))) {
            answer(exchange, 200, Map.of("valid", false));
            return;
        }
        answer(exchange, 200, Map.of("valid", true, "user", profileOf(user)));
    }

    private void sendCode(HttpExchange exchange) throws IOException {
        if (refuse(exchange)) {
            return;
        }
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String login = body.path("identifier").asText("");
        if (users.containsKey(login)) {
            codes.put(login, String.format("%06d", random.nextInt(1_000_000)));
        }
        answer(exchange, 202, Map.of());
    }

    private void verifyCode(HttpExchange exchange) throws IOException {
        if (refuse(exchange)) {
            return;
        }
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String login = body.path("identifier").asText("");
        String code = codes.get(login);
        if (code == null || !code.equals(body.path("code").asText(null))) {
            answer(exchange, 401, Map.of("error", "invalid code"));
            return;
        }
        codes.remove(login);
        answer(exchange, 200, profileOf(users.get(login)));
    }

    private static Map<String, Object> profileOf(LegacyUser user) {
        Map<String, Object> profile = new java.util.LinkedHashMap<>(user.profile());
        profile.put("id", user.id());
        return profile;
    }

    private boolean refuse(HttpExchange exchange) throws IOException {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (down) {
            answer(exchange, 503, Map.of("error", "maintenance"));
            return true;
        }
        if (!API_KEY.equals(exchange.getRequestHeaders().getFirst("X-Api-Key"))) {
            answer(exchange, 403, Map.of("error", "bad api key"));
            return true;
        }
        return false;
    }

    private void answer(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        long size = answerBytes;
        if (size > 0) {
            answerPadded(exchange, status, bytes, size);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** {@code json} (an object) with a {@code padding} field that makes it {@code size} bytes long. */
    private void answerPadded(HttpExchange exchange, int status, byte[] json, long size) throws IOException {
        String open = new String(json, 0, json.length - 1, StandardCharsets.UTF_8);
        byte[] prefix = (open + (open.equals("{") ? "" : ",") + "\"padding\":\"").getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
        long padding = size - prefix.length - suffix.length;
        if (padding < 0) {
            throw new IllegalStateException("the answer is longer than " + size + " bytes without padding");
        }
        exchange.sendResponseHeaders(status, declareLength ? size : 0);
        byte[] piece = new byte[8192];
        java.util.Arrays.fill(piece, (byte) 'x');
        try {
            exchange.getResponseBody().write(prefix);
            for (long left = padding; left > 0; left -= piece.length) {
                exchange.getResponseBody().write(piece, 0, (int) Math.min(piece.length, left));
            }
            exchange.getResponseBody().write(suffix);
        } catch (IOException e) {
            answersCut.incrementAndGet();
        }
        exchange.close();
    }

    /** The settings of a credential-check source pointing at this stand-in. */
    public Map<String, Object> credentialCheckSettings() {
        return Map.of(
                "url", base() + "/api/v1/credentials/check",
                "method", "POST",
                "content_type", "application/json",
                "body_template", "{\"login\": \"{{identifier}}\", \"secret\": \"{{password}}\"}",
                "secret_header", "X-Api-Key",
                "success_statuses", List.of(200),
                "success_pointer", "/valid",
                "success_value", "true",
                "profile_pointer", "/user",
                "subject_field", "id");
    }

    /** The settings of a one-time-code source pointing at this stand-in. */
    public Map<String, Object> oneTimeCodeSettings() {
        return Map.of(
                "send_url", base() + "/otp/send",
                "verify_url", base() + "/otp/verify",
                "secret_header", "X-Api-Key",
                "subject_field", "id");
    }
}
