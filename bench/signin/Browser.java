import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What the sign-ins send over {@link HttpConnection}: a user's browser (its own cookie jar, {@code Accept:
 * text/html}, redirects followed by the caller) or the app's backend (no cookies, no {@code Accept}). A fresh
 * browser per sign-in, like a new user; the connections underneath are the load thread's.
 */
final class Browser {

    /** {@code -Dtrace=true}: each request's time, status and path on stderr (for finding the slow hop). */
    private static final boolean TRACE = Boolean.getBoolean("trace");

    /** One jar for every host: the broker's, the upstream's and the app's cookies have distinct names. */
    private final Map<String, String> cookies;

    private Browser(Map<String, String> cookies) {
        this.cookies = cookies;
    }

    /** A new browser with an empty cookie jar. */
    static Browser fresh() {
        return new Browser(new HashMap<>());
    }

    /** The app's backend: sends no cookies and keeps none. */
    static Browser backend() {
        return new Browser(null);
    }

    HttpConnection.Response get(String url) throws IOException {
        return send("GET", URI.create(url), null, null);
    }

    HttpConnection.Response postForm(String url, Map<String, String> fields) throws IOException {
        return send("POST", URI.create(url), null, form(fields));
    }

    HttpConnection.Response postForm(String url, String authorization, Map<String, String> fields) throws IOException {
        return send("POST", URI.create(url), authorization, form(fields));
    }

    private HttpConnection.Response send(String method, URI uri, String authorization, String formBody)
            throws IOException {
        StringBuilder head = new StringBuilder(512);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':')
                .append(uri.getPort()).append("\r\n");
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
        HttpConnection.Response response = HttpConnection.exchange(uri, head.toString().getBytes(StandardCharsets.ISO_8859_1),
                body);
        if (TRACE) {
            System.err.printf("%7.1f ms %d %s %s%n", (System.nanoTime() - sent) / 1e6, response.status, method, path);
        }
        if (cookies != null) {
            keepCookies(response);
        }
        return response;
    }

    private void keepCookies(HttpConnection.Response response) {
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

    /** Where a redirect answered at {@code url} points, resolved against it; throws without a Location. */
    static String redirectTarget(String url, HttpConnection.Response response) {
        if (response.location == null) {
            throw new IllegalStateException(response.status + " without Location at " + url);
        }
        return URI.create(url).resolve(response.location).toString();
    }

    static boolean isRedirect(HttpConnection.Response response) {
        return response.status >= 300 && response.status < 400;
    }

    static String form(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        values.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return out;
    }

    /** The HTML escapes the IdPs' and brokers' forms use in attribute values. */
    static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#x3d;", "=").replace("&#x2b;", "+").replace("&#x2f;", "/")
                .replace("&#x3a;", ":").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** The start of a body for an error message, on one line. */
    static String snippet(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
