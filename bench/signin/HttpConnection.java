import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal blocking HTTP/1.1 client on one keep-alive socket: fixed-length and chunked bodies, no TLS, no
 * redirects (the sign-in follows them itself). Each load thread keeps one connection per host. Lighter than
 * java.net.http's asynchronous machinery, so the load generator takes less of the cores both brokers share.
 */
final class HttpConnection {

    /** A response: status, the headers a sign-in needs, and the body as text. */
    static final class Response {
        int status;
        String location;
        final List<String> setCookies = new ArrayList<>(4);
        String body = "";
    }

    private static final ThreadLocal<Map<String, HttpConnection>> KEPT = ThreadLocal.withInitial(HashMap::new);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** Whether any byte of a response came back on this connection (then a failure is not a stale socket). */
    private boolean answered;

    private HttpConnection(String host, int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream(), 16384);
        out = socket.getOutputStream();
    }

    /**
     * Sends {@code head} (the request line and headers, CRLF-terminated) and {@code body} on this thread's kept
     * connection to the URI's host; a kept connection the server has closed meanwhile is replaced once.
     */
    static Response exchange(URI uri, byte[] head, byte[] body) throws IOException {
        String host = uri.getHost() + ":" + uri.getPort();
        Map<String, HttpConnection> mine = KEPT.get();
        HttpConnection connection = mine.get(host);
        boolean reused = connection != null;
        if (connection == null) {
            connection = new HttpConnection(uri.getHost(), uri.getPort());
            mine.put(host, connection);
        }
        try {
            return connection.send(head, body);
        } catch (IOException stale) {
            connection.close();
            mine.remove(host);
            if (!reused || connection.answered) {
                throw stale;
            }
            HttpConnection fresh = new HttpConnection(uri.getHost(), uri.getPort());
            mine.put(host, fresh);
            return fresh.send(head, body);
        }
    }

    private Response send(byte[] head, byte[] body) throws IOException {
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
            KEPT.get().values().remove(this);
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

    private void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
