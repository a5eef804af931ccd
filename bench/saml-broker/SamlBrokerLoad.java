import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
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
 * SAML-brokered sign-in load for the JIT SSO benchmark (JDK only; compiled by {@code bench/saml-broker/run.sh}).
 * Adapted from {@code bench/broker/BrokerLoad.java} (the OIDC variant), whose closed/open loop and report it keeps.
 *
 * <p>One sign-in is what a user's browser and an app's backend do together, every step's status checked:
 * <ol>
 *   <li>the app's authorization request (OIDC, PKCE S256, state, nonce) to the broker, and every redirect the
 *       broker answers until the browser reaches the SAML IdP's single sign-on URL with an AuthnRequest
 *       (HTTP-Redirect binding); the browser adds {@code login_hint=<user>} there, which the stand-in IdP takes
 *       as the signed-in user (it has no login form);</li>
 *   <li>the IdP answers 200 with an auto-posting form; the browser POSTs its {@code SAMLResponse} and
 *       {@code RelayState} to the form's action, the broker's assertion consumer service, which must answer
 *       a redirect;</li>
 *   <li>every further redirect until the app's redirect URI with {@code code} and the same {@code state};</li>
 *   <li>the app's code exchange at the token endpoint, which must answer 200 with an {@code id_token}.</li>
 * </ol>
 * Any other status at any step (a login or profile form, an error page) fails the sign-in. Every sign-in has
 * its own cookie jar, like a fresh browser. The same program drives our gateway and Keycloak's SAML identity
 * brokering; only {@code --authorize} and {@code --token} differ.
 *
 * <p>{@code --mode closed}: {@code --conns} sign-ins at a time for {@code --duration} s (throughput), or until
 * {@code --count} sign-ins when given. {@code --mode open}: sign-in i starts at t0 + i/{@code --rate}. User names
 * are {@code <prefix><n>} with n counting from {@code --first-user} ({@code --users} wraps round-robin), so a run
 * of new names measures first sign-ins and a repeated run measures returning users.
 *
 * <p>Prints one line {@code BROKER key=value ...} (latencies in ms). Any failed sign-in makes the exit status 1:
 * such a run is no result.
 */
public final class SamlBrokerLoad {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");
    private static final Pattern HIDDEN = Pattern.compile(
            "<input[^>]*type=\"hidden\"[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** {@code -Dtrace=true}: each request's time, status and path on stderr (for finding the slow hop). */
    private static final boolean TRACE = Boolean.getBoolean("trace");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String authorize;
    private final String token;
    private final String clientId;
    private final String clientSecret;
    private final String redirectUri;
    private final String idpSso;

    private SamlBrokerLoad(Map<String, String> o) {
        authorize = o.get("--authorize");
        token = o.get("--token");
        clientId = o.get("--client-id");
        clientSecret = o.get("--client-secret");
        redirectUri = o.get("--redirect-uri");
        idpSso = o.get("--idp-sso");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--authorize", "--token", "--client-id", "--client-secret", "--redirect-uri",
                "--idp-sso")) {
            if (!o.containsKey(required)) {
                throw new IllegalArgumentException("missing " + required);
            }
        }
        SamlBrokerLoad load = new SamlBrokerLoad(o);
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
        boolean posted = false;
        for (int hop = 0; hop < 20 && code == null; hop++) {
            if (url.startsWith(idpSso + "?")) {
                // the SAML IdP: the AuthnRequest arrives over HTTP-Redirect; the user names itself
                HttpResponse<String> idp = send(HttpRequest.newBuilder(URI.create(url + "&login_hint="
                        + URLEncoder.encode(user, StandardCharsets.UTF_8))).GET(), cookies);
                if (idp.statusCode() != 200 || !idp.body().contains("SAMLResponse")) {
                    throw new IllegalStateException("IdP answered " + idp.statusCode() + ": " + snippet(idp.body()));
                }
                Matcher action = FORM_ACTION.matcher(idp.body());
                if (!action.find()) {
                    throw new IllegalStateException("IdP page without a form: " + snippet(idp.body()));
                }
                String acs = URI.create(url).resolve(unescape(action.group(1))).toString();
                Map<String, String> fields = new LinkedHashMap<>();
                Matcher hidden = HIDDEN.matcher(idp.body());
                while (hidden.find()) {
                    fields.put(unescape(hidden.group(1)), unescape(hidden.group(2)));
                }
                HttpResponse<String> consumed = send(HttpRequest.newBuilder(URI.create(acs))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(fields))), cookies);
                if (consumed.statusCode() < 300 || consumed.statusCode() >= 400) {
                    throw new IllegalStateException("ACS " + acs + " answered " + consumed.statusCode() + ": "
                            + snippet(consumed.body()));
                }
                posted = true;
                url = URI.create(acs).resolve(consumed.headers().firstValue("Location").orElseThrow()).toString();
            } else {
                HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET(), cookies);
                int status = response.statusCode();
                if (status < 300 || status >= 400) {
                    throw new IllegalStateException("unexpected " + status + " at " + url + ": " + snippet(response.body()));
                }
                url = URI.create(url).resolve(response.headers().firstValue("Location").orElseThrow()).toString();
            }
            if (url.startsWith(redirectUri + "?")) {
                Map<String, String> query = query(URI.create(url).getRawQuery());
                if (!posted) {
                    throw new IllegalStateException("back at the app without a SAML round trip: " + query);
                }
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
        HttpResponse<String> tokens = http.send(HttpRequest.newBuilder(URI.create(token))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code", "code", code,
                        "redirect_uri", redirectUri, "code_verifier", verifier)))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (tokens.statusCode() != 200 || !tokens.body().contains("\"id_token\"")) {
            throw new IllegalStateException("code exchange answered " + tokens.statusCode() + ": " + snippet(tokens.body()));
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> cookies)
            throws IOException, InterruptedException {
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((k, v) -> header.append(header.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            request.header("Cookie", header.toString());
        }
        long sent = System.nanoTime();
        HttpRequest built = request.header("Accept", "text/html").build();
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        if (TRACE) {
            System.err.printf("%7.1f ms %d %s %s%n", (System.nanoTime() - sent) / 1e6, response.statusCode(), built.method(),
                    built.uri().toString().replaceAll("\\?.*", ""));
        }
        // one jar for every host: the broker's, the upstream's and the app's cookies have distinct names
        for (String set : response.headers().allValues("Set-Cookie")) {
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
        return response;
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#x3d;", "=").replace("&#x2b;", "+").replace("&#x2f;", "/")
                .replace("&#x3a;", ":").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
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
