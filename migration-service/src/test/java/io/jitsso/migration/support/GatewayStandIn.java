package io.jitsso.migration.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A stand-in for the gateway's internal API in this module's tests. The real gateway cannot run here: it is
 * built after this module, and its own tests run this module's packaged jar against it, which is where the two
 * meet for real (sso-gateway's UserSchemaTest). This answers what migration-service asks:
 * <ul>
 * <li>{@code GET /internal/v1/tenants/{t}/attribute-mappings}: what {@link #mapping} set, no connections by default;
 * 503 for a tenant {@link #unavailable} names;</li>
 * <li>{@code PUT /internal/v1/tenants/{t}/migration-connections/{c}}: the connection is closed without an answer,
 * as by a gateway that is down (a redirect source's save is refused: RedirectSourceTest).</li>
 * </ul>
 * Anything else gets 404; requests without the internal token get 401.
 */
public final class GatewayStandIn {

    private static final Pattern MAPPINGS = Pattern.compile("/internal/v1/tenants/([a-z0-9-]+)/attribute-mappings");
    private static final Pattern CLAIMS = Pattern.compile("/internal/v1/tenants/[^/]+/migration-connections/[^/]+");
    private static final Map<String, Map<String, List<String>>> CONNECTIONS = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> UNAVAILABLE = new ConcurrentHashMap<>();
    private static HttpServer server;

    private GatewayStandIn() {
    }

    /** Started once per test JVM; its base URL. */
    static synchronized String start() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the gateway stand-in", e);
            }
            server.createContext("/", GatewayStandIn::handle);
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The tenant's connection {@code connectionId} maps these custom attributes. */
    public static void mapping(String tenant, String connectionId, List<String> attributes) {
        CONNECTIONS.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>()).put(connectionId, List.copyOf(attributes));
    }

    /** The gateway answers 503 when asked about the tenant's connections. */
    public static void unavailable(String tenant) {
        UNAVAILABLE.put(tenant, true);
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + Fixtures.INTERNAL_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if ("PUT".equals(exchange.getRequestMethod()) && CLAIMS.matcher(path).matches()) {
                // a gateway that is down: closing an exchange before its answer closes the connection
                return;
            }
            Matcher mappings = MAPPINGS.matcher(path);
            if (!"GET".equals(exchange.getRequestMethod()) || !mappings.matches()) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (UNAVAILABLE.containsKey(mappings.group(1))) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            String body = CONNECTIONS.getOrDefault(mappings.group(1), Map.of()).entrySet().stream()
                    .map(connection -> "{\"connection_id\":\"" + connection.getKey() + "\",\"attributes\":["
                            + connection.getValue().stream().map(name -> "\"" + name + "\"").collect(Collectors.joining(","))
                            + "]}")
                    .collect(Collectors.joining(",", "{\"connections\":[", "]}"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
