import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop constant-rate HTTP/1.1 load generator for the JIT SSO benchmark (JDK only; run with
 * {@code java bench/OpenLoop.java ...}, the source launcher compiles it).
 *
 * <p>Request i is scheduled at t0 + i/rate whatever happened to earlier requests, and its latency is
 * measured from that scheduled time to the last byte of the answer. A request that waits for a free
 * connection counts the wait, so a stalled server cannot hide its stall by slowing the generator
 * down (no coordinated omission, unlike closed-loop tools such as wrk or hey). Connections are
 * keep-alive sockets, one per worker thread; {@code --conns} workers take scheduled requests from
 * a queue.
 *
 * <p>{@code --body} is a template; each "{line}" in it becomes the next line of {@code --lines}
 * (round-robin), so requests can carry different session ids or refresh tokens. {@code --warmup}
 * seconds at the same rate come first and are not counted.
 *
 * <p>Prints one line {@code OPENLOOP key=value ...} (ms); exits 1 when any counted request failed,
 * timed out or answered non-2xx: such a run is no result.
 */
public final class OpenLoop {

    private record Job(int index, long scheduledNanos, boolean counted) {
    }

    private static final Job STOP = new Job(-1, 0, false);

    public static void main(String[] args) throws Exception {
        Map<String, List<String>> opts = parse(args);
        URI url = URI.create(one(opts, "--url", null));
        double rate = Double.parseDouble(one(opts, "--rate", null));
        double duration = Double.parseDouble(one(opts, "--duration", null));
        double warmup = Double.parseDouble(one(opts, "--warmup", "0"));
        int conns = Integer.parseInt(one(opts, "--conns", "64"));
        int timeoutMs = (int) (Double.parseDouble(one(opts, "--timeout", "10")) * 1000);
        String method = one(opts, "--method", "POST");
        String label = one(opts, "--label", "");
        String body = one(opts, "--body", "");
        List<String> headers = opts.getOrDefault("-H", List.of());
        String linesFile = one(opts, "--lines", null);
        List<String> lines = linesFile == null ? null
                : Files.readAllLines(Path.of(linesFile)).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (lines != null && lines.isEmpty()) {
            throw new IllegalArgumentException(linesFile + " is empty");
        }
        if (!"http".equals(url.getScheme())) {
            throw new IllegalArgumentException("only http:// URLs");
        }
        String host = url.getHost();
        int port = url.getPort() < 0 ? 80 : url.getPort();
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(url.getAuthority()).append("\r\n");
        for (String h : headers) {
            head.append(h.strip()).append("\r\n");
        }
        byte[][] requests = prebuild(head.toString(), body, lines);

        int warm = (int) Math.round(rate * warmup);
        int total = (int) Math.round(rate * duration);
        long[] latency = new long[total];
        Arrays.fill(latency, -1);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        LongAdder reconnects = new LongAdder();
        LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();

        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < conns; w++) {
            Thread t = new Thread(() -> {
                Socket socket = null;
                Input in = null;
                OutputStream out = null;
                byte[] buf = new byte[16384];
                while (true) {
                    Job job;
                    try {
                        job = queue.take();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (job == STOP) {
                        break;
                    }
                    try {
                        if (socket == null) {
                            socket = new Socket();
                            socket.setTcpNoDelay(true);
                            socket.connect(new InetSocketAddress(host, port), timeoutMs);
                            socket.setSoTimeout(timeoutMs);
                            in = new Input(socket.getInputStream());
                            out = socket.getOutputStream();
                            reconnects.increment();
                        }
                        out.write(requests[job.index % requests.length]);
                        out.flush();
                        int[] answer = readResponse(in, buf);
                        long done = System.nanoTime();
                        if (job.counted) {
                            statuses.computeIfAbsent(answer[0], k -> new AtomicInteger()).incrementAndGet();
                            if (answer[0] >= 200 && answer[0] < 300) {
                                latency[job.index - warm] = done - job.scheduledNanos;
                            }
                        }
                        if (answer[1] == 1) {
                            socket.close();
                            socket = null;
                        }
                    } catch (IOException | RuntimeException e) {
                        if (job.counted) {
                            errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
                        }
                        if (socket != null) {
                            try {
                                socket.close();
                            } catch (IOException ignored) {
                                // closing a broken socket
                            }
                            socket = null;
                        }
                    }
                }
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // done anyway
                    }
                }
            }, "openloop-" + w);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }

        long interval = (long) (1e9 / rate);
        long t0 = System.nanoTime() + 50_000_000L;
        long measureStart = t0 + warm * interval;
        int lateStarts = 0;
        int maxQueue = 0;
        for (int i = 0; i < warm + total; i++) {
            long scheduled = t0 + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -5_000_000L && i >= warm) {
                lateStarts++; // the generator fell behind; latency still counts from `scheduled`
            }
            queue.add(new Job(i, scheduled, i >= warm));
            if ((i & 63) == 0) {
                maxQueue = Math.max(maxQueue, queue.size());
            }
        }
        for (int w = 0; w < conns; w++) {
            queue.add(STOP);
        }
        for (Thread t : workers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        double elapsed = (System.nanoTime() - measureStart) / 1e9;

        long[] ok = Arrays.stream(latency).filter(v -> v >= 0).sorted().toArray();
        int non2xx = statuses.entrySet().stream().filter(e -> e.getKey() < 200 || e.getKey() >= 300)
                .mapToInt(e -> e.getValue().get()).sum();
        int errs = errors.values().stream().mapToInt(AtomicInteger::get).sum();
        long cpuNanos = java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof
                com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
        System.out.printf(java.util.Locale.ROOT,
                "OPENLOOP label=%s target_rps=%s sent=%d ok=%d non2xx=%d errors=%d achieved_rps=%.1f p50=%.2f p90=%.2f"
                        + " p99=%.2f p999=%.2f max=%.2f conns=%d connects=%d late_starts=%d max_queue=%d gen_cpu_s=%.1f"
                        + " elapsed_s=%.1f%n",
                label, one(opts, "--rate", null), total, ok.length, non2xx, errs, ok.length / elapsed,
                pct(ok, 50), pct(ok, 90), pct(ok, 99), pct(ok, 99.9), ok.length == 0 ? Double.NaN : ok[ok.length - 1] / 1e6,
                conns, reconnects.sum(), lateStarts, maxQueue, cpuNanos / 1e9, elapsed);
        System.out.println("  statuses: " + new TreeMap<>(statuses));
        if (!errors.isEmpty()) {
            System.out.println("  errors: " + errors);
        }
        System.exit(non2xx == 0 && errs == 0 && ok.length == total ? 0 : 1);
    }

    private static byte[][] prebuild(String head, String body, List<String> lines) {
        int n = lines == null ? 1 : lines.size();
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            byte[] b = (lines == null ? body : body.replace("{line}", lines.get(i))).getBytes(StandardCharsets.UTF_8);
            byte[] h = (head + "Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] r = Arrays.copyOf(h, h.length + b.length);
            System.arraycopy(b, 0, r, h.length, b.length);
            out[i] = r;
        }
        return out;
    }

    /** Reads one answer; returns {status, 1 if the server closes the connection}. */
    private static int[] readResponse(Input in, byte[] buf) throws IOException {
        String statusLine = readLine(in, buf);
        if (statusLine == null || statusLine.length() < 12) {
            throw new IOException("connection closed");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        String line;
        while ((line = readLine(in, buf)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("transfer-encoding") && value.toLowerCase().contains("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        if (line == null) {
            throw new IOException("connection closed in headers");
        }
        if (chunked) {
            while (true) {
                String size = readLine(in, buf);
                if (size == null) {
                    throw new IOException("connection closed in chunked body");
                }
                int semi = size.indexOf(';');
                long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                skip(in, n + 2, buf);
                if (n == 0) {
                    break;
                }
            }
        } else if (length > 0) {
            skip(in, length, buf);
        }
        return new int[] {status, close ? 1 : 0};
    }

    private static String readLine(Input in, byte[] buf) throws IOException {
        int n = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return n == 0 ? null : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (c == '\n') {
                if (n > 0 && buf[n - 1] == '\r') {
                    n--;
                }
                return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (n == buf.length) {
                throw new IOException("header line too long");
            }
            buf[n++] = (byte) c;
        }
    }

    private static void skip(Input in, long n, byte[] buf) throws IOException {
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new IOException("connection closed in body");
            }
            n -= r;
        }
    }

    /** Unsynchronized buffering (one reader per socket). */
    private static final class Input {
        private final InputStream in;
        private final byte[] buf = new byte[16384];
        private int pos;
        private int lim;

        Input(InputStream in) {
            this.in = in;
        }

        int read() throws IOException {
            if (pos == lim && !fill()) {
                return -1;
            }
            return buf[pos++] & 0xff;
        }

        int read(byte[] dst, int off, int len) throws IOException {
            if (pos == lim && !fill()) {
                return -1;
            }
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            return n;
        }

        private boolean fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            lim = n;
            return true;
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.min(sorted.length - 1, Math.max(0, idx))] / 1e6;
    }

    private static String one(Map<String, List<String>> opts, String name, String dflt) {
        List<String> v = opts.get(name);
        if (v == null || v.isEmpty()) {
            if (dflt == null && !name.equals("--lines")) {
                throw new IllegalArgumentException(name + " is required");
            }
            return dflt;
        }
        return v.get(v.size() - 1);
    }

    private static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> opts = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("no value for " + args[i]);
            }
            opts.computeIfAbsent(args[i], k -> new ArrayList<>()).add(args[i + 1]);
        }
        return opts;
    }
}
