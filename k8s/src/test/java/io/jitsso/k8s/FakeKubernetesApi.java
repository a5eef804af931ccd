package io.jitsso.k8s;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The few Kubernetes API endpoints Helm's {@code lookup} calls for a Secret: discovery of {@code /api/v1} and GET of
 * one Secret.
 *
 * <p>Why it exists: helm-java renders templates through Helm's install action in client-only mode but without the
 * "client" dry-run option the {@code helm template} CLI sets, so {@code lookup} really queries a cluster (the
 * kubeconfig's, or localhost:8080). Serving it here keeps the tests hermetic and lets them prove that the chart
 * reuses secrets already stored in the cluster. Surefire points {@code KUBECONFIG} at the file {@link #start()}
 * writes.
 */
final class FakeKubernetesApi {

    private static final Pattern SECRET_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/secrets/([^/]+)");
    private static final String RESOURCE_LIST = """
            {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"v1","resources":[
              {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":["get","list"]}]}""";

    private static FakeKubernetesApi instance;

    private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();

    private FakeKubernetesApi() {
    }

    /** Starts the API once per JVM and writes the kubeconfig that Helm reads through {@code KUBECONFIG}. */
    static synchronized FakeKubernetesApi start() {
        if (instance == null) {
            String kubeconfig = System.getenv("KUBECONFIG");
            if (kubeconfig == null) {
                throw new IllegalStateException("KUBECONFIG is not set: run the tests through Maven (surefire sets it)");
            }
            FakeKubernetesApi api = new FakeKubernetesApi();
            api.writeKubeconfig(Path.of(kubeconfig), api.serve());
            instance = api;
        }
        return instance;
    }

    /** Stores a Secret (plain values; base64-encoded like the API does) until {@link #clear()}. */
    void putSecret(String namespace, String name, Map<String, String> data) {
        secrets.put(namespace + "/" + name, data.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey,
                entry -> Base64.getEncoder().encodeToString(entry.getValue().getBytes(StandardCharsets.UTF_8)))));
    }

    void clear() {
        secrets.clear();
    }

    private int serve() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::handle);
            server.start();
            return server.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Matcher secret = SECRET_PATH.matcher(path);
        if (path.equals("/api/v1")) {
            respond(exchange, 200, RESOURCE_LIST);
        } else if (secret.matches() && secrets.containsKey(secret.group(1) + "/" + secret.group(2))) {
            respond(exchange, 200, secretJson(secret.group(1), secret.group(2)));
        } else {
            respond(exchange, 404, """
                    {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","reason":"NotFound","code":404,\
                    "message":"not found"}""");
        }
    }

    private String secretJson(String namespace, String name) {
        String data = secrets.get(namespace + "/" + name).entrySet().stream()
                .map(entry -> "\"" + entry.getKey() + "\":\"" + entry.getValue() + "\"")
                .collect(Collectors.joining(","));
        return """
                {"kind":"Secret","apiVersion":"v1","metadata":{"name":"%s","namespace":"%s"},"type":"Opaque","data":{%s}}"""
                .formatted(name, namespace, data);
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void writeKubeconfig(Path file, int port) {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: fake
                    cluster:
                      server: http://127.0.0.1:%d
                users:
                  - name: fake
                    user:
                      token: fake
                contexts:
                  - name: fake
                    context:
                      cluster: fake
                      user: fake
                current-context: fake
                """.formatted(port);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
