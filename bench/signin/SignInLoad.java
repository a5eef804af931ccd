import java.util.ArrayList;
import java.util.Collections;
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
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The load generator core of the brokered sign-in benchmarks (JDK only; {@code bench/broker/run.sh} and
 * {@code bench/saml-broker/run.sh} compile it with javac together with their protocol step). One sign-in is
 * what a user's browser and an app's backend do together: the app's authorization request ({@link OidcApp}), the
 * browser's hops through the broker and the upstream IdP ({@link UpstreamLeg}, one per protocol) until it is back
 * at the app, and the app's code exchange. Every sign-in has its own cookie jar, like a fresh browser; every load
 * thread keeps one HTTP/1.1 connection per host ({@link HttpConnection}). The same program drives our gateway and
 * Keycloak; only {@code --authorize} and {@code --token} differ.
 *
 * <p>Options common to both: {@code --authorize --token --client-id --client-secret --redirect-uri} (required),
 * {@code --mode closed}: {@code --conns} sign-ins at a time for {@code --duration} s (throughput), or until
 * {@code --count} sign-ins when given. {@code --mode open}: sign-in i starts at t0 + i/{@code --rate} whatever
 * earlier ones did, and its latency counts from that scheduled time (no coordinated omission). User names are
 * {@code <prefix><n>} with n counting from {@code --first-user} ({@code --users} wraps round-robin), so a run of
 * new names measures first sign-ins (the broker creates each user) and a repeated run measures returning users;
 * "{run}" in {@code --user-prefix} becomes the run's start time.
 *
 * <p>Prints one line {@code BROKER key=value ...} (latencies in ms). Any failed sign-in makes the exit status 1:
 * such a run is no result.
 */
final class SignInLoad {

    private static final int MAX_HOPS = 20;
    private static final List<String> REQUIRED = List.of("--authorize", "--token", "--client-id", "--client-secret",
            "--redirect-uri");

    private final OidcApp app;
    private final Function<String, UpstreamLeg> legs;
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    private SignInLoad(OidcApp app, Function<String, UpstreamLeg> legs) {
        this.app = app;
        this.legs = legs;
    }

    /**
     * Runs the benchmark: {@code protocolOptions} are the protocol's own required options, and {@code protocol}
     * makes, from all options, the upstream leg of one user's sign-in.
     */
    static void run(String[] args, List<String> protocolOptions,
            Function<Map<String, String>, Function<String, UpstreamLeg>> protocol) throws InterruptedException {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        List<String> required = new ArrayList<>(REQUIRED);
        required.addAll(protocolOptions);
        for (String option : required) {
            if (!o.containsKey(option)) {
                throw new IllegalArgumentException("missing " + option);
            }
        }
        SignInLoad load = new SignInLoad(new OidcApp(o), protocol.apply(o));
        String mode = o.getOrDefault("--mode", "closed");
        double duration = Double.parseDouble(o.getOrDefault("--duration", "20"));
        int conns = Integer.parseInt(o.getOrDefault("--conns", "16"));
        String prefix = o.getOrDefault("--user-prefix", "bench-user-").replace("{run}", Long.toString(System.currentTimeMillis()));
        AtomicInteger next = new AtomicInteger(Integer.parseInt(o.getOrDefault("--first-user", "0")));
        int users = Integer.parseInt(o.getOrDefault("--users", "0"));
        int count = Integer.parseInt(o.getOrDefault("--count", "0"));
        int first = next.get();
        IntFunction<String> user = n -> prefix + (users > 0 ? first + Math.floorMod(n - first, users) : n);

        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(conns);
        if ("open".equals(mode)) {
            double rate = Double.parseDouble(o.get("--rate"));
            long total = (long) (rate * duration);
            for (long i = 0; i < total; i++) {
                long scheduled = start + (long) (i * 1e9 / rate);
                LockSupport.parkNanos(scheduled - System.nanoTime());
                pool.execute(() -> load.timed(user.apply(next.getAndIncrement()), scheduled));
            }
        } else {
            long end = start + (long) (duration * 1e9);
            AtomicInteger started = new AtomicInteger();
            for (int c = 0; c < conns; c++) {
                pool.execute(() -> {
                    while (System.nanoTime() < end && load.failures.get() < 10
                            && (count == 0 || started.getAndIncrement() < count)) {
                        load.timed(user.apply(next.getAndIncrement()), System.nanoTime());
                    }
                });
            }
        }
        pool.shutdown();
        if (!pool.awaitTermination((long) duration + 120, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            load.failures.incrementAndGet();
            load.firstFailure.compareAndSet(null, "sign-ins still running 120 s after the end");
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("label", o.getOrDefault("--label", ""));
        out.put("mode", mode);
        out.putAll(load.statistics((System.nanoTime() - start) / 1e9));
        out.put("user_prefix", prefix);
        out.put("next_user", Integer.toString(next.get()));
        StringBuilder line = new StringBuilder("BROKER");
        out.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
        if (load.failures.get() > 0) {
            System.err.println("BROKER first failure: " + load.firstFailure.get());
            System.exit(1);
        }
    }

    private void timed(String user, long startNanos) {
        try {
            signIn(user);
            latencies.add(System.nanoTime() - startNanos);
        } catch (Exception e) {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, user + ": " + e);
        }
    }

    /** One complete brokered sign-in; throws unless it ends with the app holding an ID token. */
    private void signIn(String user) throws Exception {
        UpstreamLeg leg = legs.apply(user);
        Browser browser = Browser.fresh();
        OidcApp.Request request = app.authorizationRequest();
        String url = request.url();
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            url = leg.hop(browser, url);
            if (app.isRedirectUri(url)) {
                leg.checkComplete(url);
                app.finish(request, url);
                return;
            }
        }
        throw new IllegalStateException("no code after " + MAX_HOPS + " hops, last " + url);
    }

    /** Count, failures, rate and latency percentiles of the sign-ins that succeeded. */
    private Map<String, String> statistics(double elapsedSeconds) {
        long[] sorted;
        synchronized (latencies) {
            sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("signins", Integer.toString(sorted.length));
        out.put("failures", Integer.toString(failures.get()));
        out.put("seconds", String.format("%.1f", elapsedSeconds));
        out.put("rps", String.format("%.1f", sorted.length / elapsedSeconds));
        out.put("p50", ms(percentile(sorted, 0.50)));
        out.put("p90", ms(percentile(sorted, 0.90)));
        out.put("p99", ms(percentile(sorted, 0.99)));
        out.put("max", ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
        return out;
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static String ms(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }
}
