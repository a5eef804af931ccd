package io.jitsso.gateway.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A user's browser: keeps cookies, follows redirects one by one (so tests see every hop), and at
 * the upstream's login page submits a user name and the claims the upstream should put into its
 * tokens. It stops before fetching an app's redirect URI, which no server here answers.
 */
public final class Browser {

    /** Where a sign-in ended: redirected to {@code location}, or a page with {@code status} and {@code body}. */
    public record Result(int status, String location, String body, List<String> visited) {

        public boolean redirectedTo(String prefix) {
            return location != null && location.startsWith(prefix);
        }

        /** A query parameter of the final redirect, or null. */
        public String parameter(String name) {
            if (location == null || location.indexOf('?') < 0) {
                return null;
            }
            for (String pair : location.substring(location.indexOf('?') + 1).split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                if (key.equals(name)) {
                    return java.net.URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new LoopbackIsSecure(cookies))
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final String upstreamBase;

    public Browser(String upstreamBase) {
        this.upstreamBase = upstreamBase;
    }

    /**
     * Browsers treat http://localhost and http://127.0.0.1 as secure contexts and send {@code Secure}
     * cookies there (Keycloak sets its login cookies Secure even over http); the JDK's cookie
     * manager does not, so loopback requests are presented to it as https.
     */
    private static final class LoopbackIsSecure extends java.net.CookieHandler {
        private final CookieManager delegate;

        LoopbackIsSecure(CookieManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) throws IOException {
            return delegate.get(secure(uri), headers);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) throws IOException {
            delegate.put(secure(uri), headers);
        }

        private static URI secure(URI uri) {
            String host = uri.getHost();
            if ("http".equals(uri.getScheme()) && ("localhost".equals(host) || "127.0.0.1".equals(host))) {
                try {
                    return new URI("https", uri.getRawAuthority(), uri.getRawPath(), uri.getRawQuery(), null);
                } catch (java.net.URISyntaxException e) {
                    return uri;
                }
            }
            return uri;
        }
    }

    public CookieManager cookies() {
        return cookies;
    }

    /**
     * Follows the sign-in from {@code start}; logs in upstream as {@code username} with
     * {@code claimsJson}, and stops at the first redirect to {@code appPrefix} or at a page.
     */
    public Result signIn(String start, String username, String claimsJson, String appPrefix) {
        return follow(start, username, claimsJson, null, location -> location.startsWith(appPrefix));
    }

    /** Signs in at an upstream with a real login form (user name and password), such as Keycloak's. */
    public Result signInWithPassword(String start, String username, String password, String appPrefix) {
        return follow(start, username, null, password, location -> location.startsWith(appPrefix));
    }

    /** Like {@link #signIn} but stops before requesting the gateway callback that carries the upstream's code. */
    public Result toCallback(String start, String username, String claimsJson) {
        return follow(start, username, claimsJson, null,
                location -> location.contains("/callback?") && location.contains("code="));
    }

    private Result follow(String start, String username, String claimsJson, String password,
            java.util.function.Predicate<String> stop) {
        List<String> visited = new ArrayList<>();
        String url = start;
        HttpResponse<String> response = null;
        for (int hop = 0; hop < 15; hop++) {
            if (response == null) {
                visited.add(url);
                response = get(url);
            }
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                String location = URI.create(url).resolve(response.headers().firstValue("Location").orElseThrow()).toString();
                if (stop.test(location)) {
                    return new Result(status, location, response.body(), visited);
                }
                url = location;
                response = null;
                continue;
            }
            if (status == 200 && isAutoPost(response.body())) {
                // an IdP's auto-submitting HTTP-POST binding form, which a browser's script submits
                String action = URI.create(url).resolve(unescape(formAction(response.body()))).toString();
                visited.add("POST " + action);
                response = post(action, hiddenInputs(response.body()));
                url = action;
                continue;
            }
            if (status == 200 && password != null && response.body().contains("name=\"password\"")) {
                String action = URI.create(url).resolve(formAction(response.body())).toString();
                visited.add("POST " + action);
                response = post(action, Map.of("username", username, "password", password, "credentialId", ""));
                url = action;
                boolean moves = response.statusCode() >= 300 && response.statusCode() < 400
                        || response.statusCode() == 200 && isAutoPost(response.body());
                if (!moves) {
                    return new Result(response.statusCode(), null, response.body(), visited);
                }
                continue;
            }
            if (status == 200 && url.startsWith(upstreamBase) && response.body().contains("<form method=\"post\"")) {
                HttpResponse<String> login = post(url, Map.of("username", username, "claims", claimsJson == null ? "{}" : claimsJson));
                String location = URI.create(url).resolve(login.headers().firstValue("Location")
                        .orElseThrow(() -> new IllegalStateException("upstream login answered " + login.statusCode()
                                + ": " + login.body()))).toString();
                visited.add("POST " + url);
                if (stop.test(location)) {
                    return new Result(login.statusCode(), location, login.body(), visited);
                }
                url = location;
                response = null;
                continue;
            }
            return new Result(status, null, response.body(), visited);
        }
        throw new IllegalStateException("too many redirects: " + visited);
    }

    private static boolean isAutoPost(String html) {
        return html.toLowerCase(java.util.Locale.ROOT).contains("name=\"samlresponse\"");
    }

    /** The hidden inputs of the first form, as a browser would submit them. */
    private static Map<String, String> hiddenInputs(String html) {
        Map<String, String> inputs = new java.util.LinkedHashMap<>();
        java.util.regex.Matcher input = java.util.regex.Pattern.compile("(?i)<input[^>]*>").matcher(html);
        while (input.find()) {
            java.util.regex.Matcher name = java.util.regex.Pattern.compile("(?i)name=\"([^\"]*)\"").matcher(input.group());
            java.util.regex.Matcher value = java.util.regex.Pattern.compile("(?i)value=\"([^\"]*)\"").matcher(input.group());
            if (name.find() && input.group().toLowerCase(java.util.Locale.ROOT).contains("hidden")) {
                inputs.put(unescape(name.group(1)), value.find() ? unescape(value.group(1)) : "");
            }
        }
        return inputs;
    }

    private static String unescape(String html) {
        return html.replace("&#x2F;", "/").replace("&#x2f;", "/").replace("&#43;", "+").replace("&#x2B;", "+")
                .replace("&#61;", "=").replace("&#x3D;", "=").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String formAction(String html) {
        java.util.regex.Matcher form = java.util.regex.Pattern.compile("(?i)<form[^>]*action=\"([^\"]+)\"").matcher(html);
        if (!form.find()) {
            throw new IllegalStateException("login page without a form action");
        }
        return form.group(1).replace("&amp;", "&");
    }

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build());
    }

    /** A GET with one more request header (a proxy's {@code X-Forwarded-For}, say). */
    public HttpResponse<String> getWithHeader(String url, String name, String value) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").header(name, value).GET().build());
    }

    /** A GET that presents {@code cookie} ("name=value") besides this browser's own cookies. */
    public HttpResponse<String> getWithCookie(String url, String cookie) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").header("Cookie", cookie).GET().build());
    }

    public HttpResponse<String> post(String url, Map<String, String> form) {
        return postRaw(url, form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    /**
     * Posts {@code body} as it is, as a form (also bodies no well-behaved client sends). With a deadline, so that a
     * request the gateway never answers fails the test instead of hanging it.
     */
    public HttpResponse<String> postRaw(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
