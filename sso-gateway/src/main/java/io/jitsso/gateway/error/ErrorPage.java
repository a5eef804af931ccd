package io.jitsso.gateway.error;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The page a browser sees when a sign-in cannot go on: status, a title and one readable sentence.
 * Self-contained (no scripts, no external resources), never cached, never framed.
 */
public final class ErrorPage {

    private ErrorPage() {
    }

    /** Whether a failure on this request should be a page rather than problem+json. */
    public static boolean wanted(String path, HttpHeaders headers) {
        boolean browserFlow = path != null && (path.startsWith("/t/") || path.startsWith("/login/") || path.startsWith("/oidc/")
                || path.startsWith("/saml/"));
        if (!browserFlow) {
            return false;
        }
        String accept = headers == null ? null : headers.getHeaderString(HttpHeaders.ACCEPT);
        return accept == null || !accept.contains("json") || accept.contains("text/html");
    }

    public static Response render(int status, String title, String detail, String traceId) {
        String body = """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%1$s</title>
                <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}
                h1{font-size:1.4rem}p.meta{color:#666;font-size:.85rem}</style>
                </head>
                <body>
                <h1>%1$s</h1>
                <p>%2$s</p>
                <p class="meta">HTTP %3$d%4$s</p>
                </body>
                </html>
                """.formatted(escape(title), escape(detail), status,
                traceId == null ? "" : " · reference " + escape(traceId));
        return Response.status(status)
                .type("text/html; charset=utf-8")
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .entity(body)
                .build();
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
