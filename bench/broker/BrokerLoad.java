import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brokered sign-in load for the JIT SSO benchmark (JDK only; {@code java bench/broker/BrokerLoad.java}).
 *
 * <p>One sign-in is what a user's browser and an app's backend do together: the app's authorization
 * request with PKCE, every redirect through the broker to the upstream IdP, the upstream's login form
 * (mock-oauth2-server's interactive login: a user name and the claims to assert), the upstream's
 * redirect back to the broker's callback, the broker's redirect to the app with a code, and the
 * app's code exchange at the token endpoint, which must answer 200 with an {@code id_token}. Every
 * sign-in has its own cookie jar, like a fresh browser. The same program drives our gateway and
 * Keycloak's identity brokering; only {@code --authorize} and {@code --token} differ.
 *
 * <p>{@code --mode closed}: {@code --conns} sign-ins at a time for {@code --duration} s (throughput),
 * or until {@code --count} sign-ins when given.
 * {@code --mode open}: sign-in i starts at t0 + i/{@code --rate} whatever earlier ones did, and its
 * latency counts from that scheduled time (no coordinated omission). User names are
 * {@code <prefix><n>} with n counting from {@code --first-user}, so a run of new names measures
 * first sign-ins (the broker creates each user) and a repeated run measures returning users.
 *
 * <p>Prints one line {@code BROKER key=value ...} (latencies in ms). Any failed sign-in makes the
 * exit status 1: such a run is no result.
 */
public final class BrokerLoad {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** {@code -Dtrace=true}: each request's time, status and path on stderr (for finding the slow hop). */
    private static final boolean TRACE = Boolean.getBoolean("trace");

    /** Each load thread keeps one keep-alive connection per host (see {@link Http}). */
    private static final ThreadLocal<Map<String, Http>> CONNECTIONS = ThreadLocal.withInitial(HashMap::new);
    private final String authorize;
    private final String token;
    private final String clientId;
    private final String clientSecret;
    private final String redirectUri;
    private final String upstreamBase;
    private final String claimsTemplate;

    private BrokerLoad(Map<String, String> o) {
        authorize = o.get("--authorize");
        token = o.get("--token");
        clientId = o.get("--client-id");
        clientSecret = o.get("--client-secret");
        redirectUri = o.get("--redirect-uri");
        upstreamBase = o.get("--upstream");
        claimsTemplate = o.getOrDefault("--claims", "{\"email\":\"{user}@bench.example\",\"email_verified\":true}");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--authorize", "--token", "--client-id", "--client-secret", "--redirect-uri",
                "--upstream")) {
            if (!o.containsKey(required)) {
                throw new IllegalArgumentException("missing " + required);
            }
        }
        BrokerLoad load = new BrokerLoad(o);
        String mode = o.getOrDefault("--mode", "closed");
        String label = o.getOrDefault("--label", "");
        double duration = Double.parseDouble(o.getOrDefault("--duration", "20"));
        int conns = Integer.parseInt(o.getOrDefault("--conns", "16"));
        // "{run}" in the prefix becomes this run's start time: a repeated run makes new users
        String prefix = o.getOrDefault("--user-prefix", "bench-user-").replace("{run}", Long.toString(System.currentTimeMillis()));
        AtomicInteger next = new AtomicInteger(Integer.parseInt(o.getOrDefault("--first-user", "0")));
        int users = Integer.parseInt(o.getOrDefault("--users", "0"));
        int count = Integer.parseInt(o.getOrDefault("--count", "0"));
        AtomicInteger started = new AtomicInteger();
        int first = next.get();
        java.util.function.IntFunction<String> user = n -> prefix + (users > 0 ? first + Math.floorMod(n - first, users) : n);

        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + (long) (duration * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(conns);
        if ("open".equals(mode)) {
            double rate = Double.parseDouble(o.get("--rate"));
            long total = (long) (rate * duration);
            for (long i = 0; i < total; i++) {
                long scheduled = start + (long) (i * 1e9 / rate);
                LockSupport.parkNanos(scheduled - System.nanoTime());
                pool.execute(() -> load.timed(user.apply(next.getAndIncrement()), scheduled, latencies, failures, firstFailure));
            }
        } else {
            for (int c = 0; c < conns; c++) {
                pool.execute(() -> {
                    while (System.nanoTime() < end && failures.get() < 10
                            && (count == 0 || started.getAndIncrement() < count)) {
                        load.timed(user.apply(next.getAndIncrement()), System.nanoTime(), latencies, failures, firstFailure);
                    }
                });
            }
        }
        pool.shutdown();
        if (!pool.awaitTermination((long) duration + 120, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, "sign-ins still running 120 s after the end");
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted;
        synchronized (latencies) {
            sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("label", label);
        out.put("mode", mode);
        out.put("signins", Integer.toString(sorted.length));
        out.put("failures", Integer.toString(failures.get()));
        out.put("seconds", String.format("%.1f", elapsed));
        out.put("rps", String.format("%.1f", sorted.length / elapsed));
        out.put("p50", ms(pct(sorted, 0.50)));
        out.put("p90", ms(pct(sorted, 0.90)));
        out.put("p99", ms(pct(sorted, 0.99)));
        out.put("max", ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
        out.put("user_prefix", prefix);
        out.put("next_user", Integer.toString(next.get()));
        StringBuilder line = new StringBuilder("BROKER");
        out.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
        if (failures.get() > 0) {
            System.err.println("BROKER first failure: " + firstFailure.get());
            System.exit(1);
        }
    }

    private void timed(String user, long startNanos, List<Long> latencies, AtomicInteger failures,
            AtomicReference<String> firstFailure) {
        try {
            signIn(user);
            latencies.add(System.nanoTime() - startNanos);
        } catch (Exception e) {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, user + ": " + e);
        }
    }

    /** One complete brokered sign-in; throws unless it ends with tokens. */
    void signIn(String user) throws IOException, InterruptedException {
        Map<String, String> cookies = new HashMap<>();
        String state = random(16);
        String verifier = random(32);
        String url = authorize + (authorize.contains("?") ? "&" : "?") + form(Map.of(
                "response_type", "code", "client_id", clientId, "redirect_uri", redirectUri, "scope", "openid email profile",
                "state", state, "nonce", random(16), "code_challenge", challenge(verifier), "code_challenge_method", "S256"));
        String code = null;
        for (int hop = 0; hop < 20 && code == null; hop++) {
            Response response = send("GET", URI.create(url), null, null, cookies);
            int status = response.status;
            if (status >= 300 && status < 400) {
                url = URI.create(url).resolve(required(response.location, status, url)).toString();
            } else if (status == 200 && url.startsWith(upstreamBase) && response.body.contains("<form")) {
                Matcher action = FORM_ACTION.matcher(response.body);
                String target = action.find() ? URI.create(url).resolve(action.group(1).replace("&amp;", "&")).toString() : url;
                Response login = send("POST", URI.create(target), null, form(Map.of(
                        "username", user, "claims", claimsTemplate.replace("{user}", user))), cookies);
                url = URI.create(target).resolve(required(login.location, login.status, target)).toString();
            } else {
                throw new IllegalStateException("unexpected " + status + " at " + url + ": " + snippet(response.body));
            }
            if (url.startsWith(redirectUri + "?")) {
                Map<String, String> query = query(URI.create(url).getRawQuery());
                if (!state.equals(query.get("state"))) {
                    throw new IllegalStateException("state mismatch or error at the app: " + query);
                }
                code = query.get("code");
                if (code == null) {
                    throw new IllegalStateException("no code at the app: " + query);
                }
            }
        }
        if (code == null) {
            throw new IllegalStateException("no code after 20 hops, last " + url);
        }
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        Response tokens = send("POST", URI.create(token), "Basic " + basic, form(Map.of("grant_type",
                "authorization_code", "code", code, "redirect_uri", redirectUri, "code_verifier", verifier)), null);
        if (tokens.status != 200 || !tokens.body.contains("\"id_token\"")) {
            throw new IllegalStateException("code exchange answered " + tokens.status + ": " + snippet(tokens.body));
        }
    }

    private static String required(String location, int status, String url) {
        if (location == null) {
            throw new IllegalStateException(status + " without Location at " + url);
        }
        return location;
    }

    /**
     * One request on this thread's connection to the host; the browser's cookie jar (null for the
     * app's backend) is sent and updated.
     */
    private Response send(String method, URI uri, String authorization, String formBody, Map<String, String> cookies)
            throws IOException {
        StringBuilder head = new StringBuilder(512);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        String host = uri.getHost() + ":" + uri.getPort();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        if (cookies != null) {
            head.append("Accept: text/html\r\n"); // what a browser sends; the app's backend sends none
        }
        if (cookies != null && !cookies.isEmpty()) {
            head.append("Cookie: ");
            boolean firstCookie = true;
            for (Map.Entry<String, String> cookie : cookies.entrySet()) {
                head.append(firstCookie ? "" : "; ").append(cookie.getKey()).append('=').append(cookie.getValue());
                firstCookie = false;
            }
            head.append("\r\n");
        }
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        byte[] body = formBody == null ? null : formBody.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            head.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(body.length)
                    .append("\r\n");
        }
        head.append("\r\n");
        long sent = System.nanoTime();
        Response response = exchange(host, uri, head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
        if (TRACE) {
            System.err.printf("%7.1f ms %d %s %s%n", (System.nanoTime() - sent) / 1e6, response.status, method, path);
        }
        if (cookies != null) {
            // one jar for every host: the broker's, the upstream's and the app's cookies have distinct names
            for (String set : response.setCookies) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    String name = pair.substring(0, eq).trim();
                    String value = pair.substring(eq + 1).trim();
                    boolean expired = set.toLowerCase().contains("max-age=0") || value.isEmpty();
                    if (expired) {
                        cookies.remove(name);
                    } else {
                        cookies.put(name, value);
                    }
                }
            }
        }
        return response;
    }

    /** Sends on the kept connection; a kept connection the server has closed meanwhile is replaced once. */
    private static Response exchange(String host, URI uri, byte[] head, byte[] body) throws IOException {
        Map<String, Http> mine = CONNECTIONS.get();
        Http http = mine.get(host);
        boolean reused = http != null;
        if (http == null) {
            http = new Http(uri.getHost(), uri.getPort());
            mine.put(host, http);
        }
        try {
            return http.exchange(head, body);
        } catch (IOException stale) {
            http.close();
            mine.remove(host);
            if (!reused || http.answered) {
                throw stale;
            }
            Http fresh = new Http(uri.getHost(), uri.getPort());
            mine.put(host, fresh);
            return fresh.exchange(head, body);
        }
    }

    /** A response: status, the headers the sign-in needs, and the body as text. */
    private static final class Response {
        int status;
        String location;
        final List<String> setCookies = new ArrayList<>(4);
        String body = "";
    }

    /**
     * A minimal blocking HTTP/1.1 client on one keep-alive socket: fixed-length and chunked bodies,
     * no TLS, no redirects (the sign-in follows them itself). Lighter than java.net.http's
     * asynchronous machinery, so the load generator takes less of the cores both brokers share.
     */
    private static final class Http {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        /** Whether any byte of a response came back on this connection (then a failure is not a stale socket). */
        boolean answered;

        Http(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream(), 16384);
            out = socket.getOutputStream();
        }

        Response exchange(byte[] head, byte[] body) throws IOException {
            answered = false;
            if (body == null) {
                out.write(head);
            } else {
                byte[] all = new byte[head.length + body.length];
                System.arraycopy(head, 0, all, 0, head.length);
                System.arraycopy(body, 0, all, head.length, body.length);
                out.write(all);
            }
            out.flush();
            Response response = new Response();
            String statusLine = line();
            if (statusLine == null) {
                throw new IOException("connection closed before a response");
            }
            answered = true;
            response.status = Integer.parseInt(statusLine.split(" ", 3)[1]);
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); header != null && !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase();
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase().contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    case "location" -> response.location = value;
                    case "set-cookie" -> response.setCookies.add(value);
                    default -> {
                    }
                }
            }
            ByteArrayOutputStream content = new ByteArrayOutputStream(length > 0 ? (int) length : 1024);
            if (chunked) {
                for (long size = chunkSize(); size > 0; size = chunkSize()) {
                    copy(content, size);
                    line();
                }
                for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                    // trailers are ignored
                }
            } else if (length >= 0) {
                copy(content, length);
            } else if (response.status != 204 && response.status != 304) {
                in.transferTo(content);
                close = true;
            }
            response.body = content.toString(StandardCharsets.UTF_8);
            if (close) {
                close();
                CONNECTIONS.get().values().remove(this);
            }
            return response;
        }

        private long chunkSize() throws IOException {
            String size = line();
            if (size == null) {
                throw new IOException("connection closed inside a chunked body");
            }
            int semicolon = size.indexOf(';');
            return Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
        }

        private void copy(ByteArrayOutputStream to, long length) throws IOException {
            byte[] buffer = new byte[8192];
            while (length > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, length));
                if (n < 0) {
                    throw new IOException("connection closed inside a body");
                }
                to.write(buffer, 0, n);
                length -= n;
            }
        }

        /** A CRLF-terminated header line (ISO-8859-1), or null at the end of the stream. */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) c);
            }
            return line.length() == 0 ? null : line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static String form(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        values.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                out.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return out;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String snippet(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    private static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static String ms(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }
}
