package io.jitsso.provisioning;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of PostgreSQL that writes down every statement the service under test asks the
 * server to run, read from the wire protocol: simple queries ({@code BEGIN}, {@code COMMIT}) and each
 * Execute of the extended protocol, named by the SQL its Parse carried. Bytes pass through unchanged.
 * Lets a test count statements and commits per event whatever client library sent them.
 */
public final class PostgresWireLog {

    /** One statement the server was asked to run, on the numbered client connection. */
    public record Statement(long sequence, int connection, String sql) {
    }

    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;
    private static PostgresWireLog shared;

    private final String host;
    private final int port;
    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Statement> statements = new ArrayList<>();

    private PostgresWireLog(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "pg-wire-log");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The JVM's one proxy in front of {@code host:port}. */
    public static synchronized PostgresWireLog shared(String host, int port) {
        if (shared == null) {
            try {
                shared = new PostgresWireLog(host, port);
            } catch (IOException e) {
                throw new IllegalStateException("cannot open the PostgreSQL wire log", e);
            }
        }
        return shared;
    }

    public static synchronized PostgresWireLog shared() {
        if (shared == null) {
            throw new IllegalStateException("the PostgreSQL wire log is not running");
        }
        return shared;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** A position in the log: {@link #since(long)} returns what was recorded after it. */
    public synchronized long mark() {
        return statements.size();
    }

    public synchronized List<Statement> since(long mark) {
        return List.copyOf(statements.subList((int) mark, statements.size()));
    }

    private synchronized void record(int connection, String sql) {
        statements.add(new Statement(statements.size(), connection, sql));
    }

    private void accept() {
        while (true) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(host, port);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                int id = connections.incrementAndGet();
                start("pg-wire-log-" + id + "-in", () -> readFrontend(id, client.getInputStream(), upstream.getOutputStream()),
                        client, upstream);
                start("pg-wire-log-" + id + "-out", () -> copy(upstream.getInputStream(), client.getOutputStream()),
                        client, upstream);
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private interface Pump {
        void run() throws IOException;
    }

    private static void start(String name, Pump pump, Socket client, Socket upstream) {
        Thread thread = new Thread(() -> {
            try {
                pump.run();
            } catch (IOException closed) {
                // either side went away: close both
            } finally {
                closeQuietly(client);
                closeQuietly(upstream);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[16384];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            out.write(buffer, 0, read);
            out.flush();
        }
    }

    /** Client to server: the untyped start-up messages, then typed messages, each forwarded as read. */
    private void readFrontend(int connection, InputStream raw, OutputStream rawOut) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        OutputStream out = new BufferedOutputStream(rawOut, 16384);
        boolean started = false;
        Map<String, String> prepared = new HashMap<>();
        Map<String, String> portals = new HashMap<>();
        try {
            while (true) {
                if (!started) {
                    int length = in.readInt();
                    byte[] body = in.readNBytes(length - 4);
                    writeInt(out, length);
                    out.write(body);
                    out.flush();
                    int code = ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8) | (body[3] & 0xff);
                    started = code != SSL_REQUEST && code != GSS_REQUEST;
                    continue;
                }
                int type = in.readUnsignedByte();
                int length = in.readInt();
                byte[] body = in.readNBytes(length - 4);
                out.write(type);
                writeInt(out, length);
                out.write(body);
                if (in.available() == 0) {
                    out.flush();
                }
                switch (type) {
                    case 'P' -> {
                        String[] strings = cStrings(body, 2);
                        prepared.put(strings[0], strings[1]);
                    }
                    case 'B' -> {
                        String[] strings = cStrings(body, 2);
                        portals.put(strings[0], prepared.getOrDefault(strings[1], "?"));
                    }
                    case 'E' -> record(connection, portals.getOrDefault(cStrings(body, 1)[0], "?"));
                    case 'Q' -> record(connection, cStrings(body, 1)[0]);
                    default -> {
                        // Sync, Describe, Close, Flush, Terminate: nothing to record
                    }
                }
            }
        } catch (EOFException end) {
            out.flush();
        }
    }

    private static String[] cStrings(byte[] body, int count) {
        String[] strings = new String[count];
        int start = 0;
        for (int i = 0; i < count; i++) {
            int end = start;
            while (body[end] != 0) {
                end++;
            }
            strings[i] = new String(body, start, end - start, StandardCharsets.UTF_8);
            start = end + 1;
        }
        return strings;
    }

    private static void writeInt(OutputStream out, int value) throws IOException {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
