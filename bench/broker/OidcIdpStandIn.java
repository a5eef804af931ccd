import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A STAND-IN OpenID Provider for the OIDC brokering benchmark (JDK only, one file; {@code bench/broker/run.sh}
 * compiles and starts it when {@code BENCH_UPSTREAM=standin}, the default). It plays the tenant's upstream IdP, which
 * in a deployment runs on other machines than the broker; here it shares the broker's two cores, so it is kept
 * lean: what it costs per sign-in, both brokers pay alike. It signs in whoever the browser names, without a
 * password: it is a load fixture, never a security oracle.
 *
 * <p>Towards a relying party it is a real OpenID Provider (authorization code flow), with the same two browser steps
 * as mock-oauth2-server's interactive login, so the load generator drives either unchanged
 * ({@code bench/broker/BrokerLoad.java}):
 * <ul>
 *   <li>{@code GET {issuer}/.well-known/openid-configuration} and {@code GET {issuer}/jwks} (one RSA-2048 key,
 *       made at start);</li>
 *   <li>{@code GET {issuer}/authorize?response_type=code&client_id&redirect_uri&scope=openid..&state&nonce
 *       &code_challenge&code_challenge_method=S256}: a login form (user name, and the claims to assert as a JSON
 *       object); posting it to the same address redirects to {@code redirect_uri} with a single-use code (60 s)
 *       and the state;</li>
 *   <li>{@code POST {issuer}/token} (client_secret_basic or client_secret_post; any client id with a secret):
 *       the code, once, for the client and redirect URI it was issued to, with the PKCE verifier when a challenge
 *       was sent; answers an RS256 ID token (iss, sub, aud, azp, iat, exp, auth_time, nonce, then the posted
 *       claims) and an opaque access token;</li>
 *   <li>{@code GET {issuer}/userinfo} with that access token: the same claims.</li>
 * </ul>
 * Mistakes get OAuth errors (400 {@code invalid_request}, {@code invalid_grant}, 401 {@code invalid_client}); the
 * counts are at {@code GET /stats}.
 *
 * <p>Arguments: {@code --port N --issuer http://localhost:N/bench [--threads 4]}.
 */
public final class OidcIdpStandIn {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final long CODE_SECONDS = 60;
    private static final long TOKEN_SECONDS = 300;
    /** How long an access token answers at userinfo: kept short, as every one is held in memory until then. */
    private static final long ACCESS_TOKEN_SECONDS = 60;
    private static final List<String> RESERVED = List.of("iss", "aud", "azp", "iat", "exp", "nbf", "auth_time", "nonce");

    private final String issuer;
    private final String path;
    private final KeyPair key;
    private final String kid;
    /** The ID tokens' JOSE header, the same for every token: encoded once. */
    private final String jwtHeader;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Grant> accessTokens = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** What one sign-in granted: bound to the client and redirect URI, until it expires. */
    private record Grant(String clientId, String redirectUri, String nonce, String challenge,
                         Map<String, Object> claims, long authTime, long expires) {
    }

    private OidcIdpStandIn(String issuer) throws Exception {
        this.issuer = issuer;
        this.path = java.net.URI.create(issuer).getRawPath();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        this.key = generator.generateKeyPair();
        this.kid = random(8);
        this.jwtHeader = B64URL.encodeToString(("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        if (!o.containsKey("--port") || !o.containsKey("--issuer")) {
            throw new IllegalArgumentException("usage: --port N --issuer http://localhost:N/path [--threads 4]");
        }
        OidcIdpStandIn idp = new OidcIdpStandIn(o.get("--issuer"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(o.get("--port"))), 256);
        server.setExecutor(Executors.newFixedThreadPool(Integer.parseInt(o.getOrDefault("--threads", "4"))));
        server.createContext(idp.path + "/.well-known/openid-configuration", idp.safely(idp::discovery));
        server.createContext(idp.path + "/jwks", idp.safely(idp::jwks));
        server.createContext(idp.path + "/authorize", idp.safely(idp::authorize));
        server.createContext(idp.path + "/token", idp.safely(idp::token));
        server.createContext(idp.path + "/userinfo", idp.safely(idp::userinfo));
        server.createContext("/stats", idp.safely(idp::stats));
        // codes never redeemed and access tokens never used (the brokers read the ID token) must not pile up
        Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "purge");
            t.setDaemon(true);
            return t;
        }).scheduleWithFixedDelay(idp::purge, 5, 5, java.util.concurrent.TimeUnit.SECONDS);
        server.start();
        System.out.println("OpenID Provider stand-in: issuer " + idp.issuer + ", key " + idp.kid);
    }

    private void purge() {
        long now = System.currentTimeMillis() / 1000;
        codes.values().removeIf(g -> g.expires < now);
        accessTokens.values().removeIf(g -> g.expires < now);
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws Exception;
    }

    /** Bad input (IllegalArgumentException) is an OAuth invalid_request; anything else is printed and answered 500. */
    private com.sun.net.httpserver.HttpHandler safely(Handler handler) {
        return exchange -> {
            try {
                handler.handle(exchange);
            } catch (IllegalArgumentException e) {
                oauthError(exchange, 400, "invalid_request", e.getMessage());
            } catch (Exception e) {
                refused.incrementAndGet();
                e.printStackTrace();
                reply(exchange, 500, "text/plain", "the stand-in OpenID Provider failed: " + e + "\n");
            } finally {
                exchange.close();
            }
        };
    }

    private void discovery(HttpExchange exchange) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("authorization_endpoint", issuer + "/authorize");
        doc.put("token_endpoint", issuer + "/token");
        doc.put("userinfo_endpoint", issuer + "/userinfo");
        doc.put("jwks_uri", issuer + "/jwks");
        doc.put("response_types_supported", List.of("code"));
        doc.put("grant_types_supported", List.of("authorization_code"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("scopes_supported", List.of("openid", "email", "profile"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        doc.put("code_challenge_methods_supported", List.of("S256"));
        reply(exchange, 200, "application/json", Json.write(doc));
    }

    private void jwks(HttpExchange exchange) throws IOException {
        RSAPublicKey pub = (RSAPublicKey) key.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("use", "sig");
        jwk.put("alg", "RS256");
        jwk.put("kid", kid);
        jwk.put("n", B64URL.encodeToString(unsigned(pub.getModulus())));
        jwk.put("e", B64URL.encodeToString(unsigned(pub.getPublicExponent())));
        reply(exchange, 200, "application/json", Json.write(Map.of("keys", List.of(jwk))));
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> q = form(exchange.getRequestURI().getRawQuery());
        String clientId = q.get("client_id");
        String redirectUri = q.get("redirect_uri");
        String scope = q.getOrDefault("scope", "");
        if (clientId == null || redirectUri == null || !"code".equals(q.get("response_type"))
                || !List.of(scope.split(" ")).contains("openid")) {
            oauthError(exchange, 400, "invalid_request", "response_type=code, client_id, redirect_uri and scope openid expected");
            return;
        }
        String challenge = q.get("code_challenge");
        if (challenge != null && !"S256".equals(q.get("code_challenge_method"))) {
            oauthError(exchange, 400, "invalid_request", "only code_challenge_method=S256");
            return;
        }
        if ("GET".equals(exchange.getRequestMethod())) {
            String action = esc(path + "/authorize?" + exchange.getRequestURI().getRawQuery());
            reply(exchange, 200, "text/html;charset=utf-8", "<!DOCTYPE html><html><body><form method=\"post\" action=\""
                    + action + "\"><input name=\"username\"><textarea name=\"claims\">{}</textarea>"
                    + "<button type=\"submit\">Sign in</button></form></body></html>");
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            oauthError(exchange, 405, "invalid_request", "GET or POST");
            return;
        }
        Map<String, String> login = form(body(exchange));
        String user = login.get("username");
        Map<String, Object> claims;
        try {
            Object parsed = Json.parse(login.getOrDefault("claims", "{}"));
            if (!(parsed instanceof Map)) {
                throw new IllegalArgumentException("not an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) parsed;
            claims = new LinkedHashMap<>(map);
        } catch (IllegalArgumentException e) {
            oauthError(exchange, 400, "invalid_request", "claims must be a JSON object: " + e.getMessage());
            return;
        }
        if (user == null || !user.matches("[A-Za-z0-9._@-]{1,100}")) {
            oauthError(exchange, 400, "invalid_request", "a user name expected");
            return;
        }
        RESERVED.forEach(claims::remove);
        claims.putIfAbsent("sub", user);
        long now = System.currentTimeMillis() / 1000;
        String code = random(32);
        codes.put(code, new Grant(clientId, redirectUri, q.get("nonce"), challenge, claims, now, now + CODE_SECONDS));
        String state = q.get("state");
        String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + code
                + (state == null ? "" : "&state=" + java.net.URLEncoder.encode(state, StandardCharsets.UTF_8));
        exchange.getResponseHeaders().set("Location", location);
        reply(exchange, 302, "text/plain", "");
    }

    private void token(HttpExchange exchange) throws Exception {
        if (!"POST".equals(exchange.getRequestMethod())) {
            oauthError(exchange, 405, "invalid_request", "POST");
            return;
        }
        Map<String, String> f = form(body(exchange));
        String clientId = f.get("client_id");
        String secret = f.get("client_secret");
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                pair = "";
            }
            int colon = pair.indexOf(':');
            if (colon > 0) {
                clientId = URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8);
                secret = URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8);
            }
        }
        if (clientId == null || secret == null || secret.isEmpty()) {
            oauthError(exchange, 401, "invalid_client", "client authentication expected");
            return;
        }
        if (!"authorization_code".equals(f.get("grant_type")) || f.get("code") == null) {
            oauthError(exchange, 400, "invalid_request", "grant_type=authorization_code and code expected");
            return;
        }
        Grant grant = codes.remove(f.get("code"));
        long now = System.currentTimeMillis() / 1000;
        if (grant == null || grant.expires < now || !grant.clientId.equals(clientId)
                || !grant.redirectUri.equals(f.get("redirect_uri"))) {
            oauthError(exchange, 400, "invalid_grant", "unknown, used or expired code, or another client's or redirect URI's");
            return;
        }
        if (grant.challenge != null) {
            String verifier = f.get("code_verifier");
            byte[] hash = verifier == null ? null
                    : MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            if (hash == null || !MessageDigest.isEqual(B64URL.encodeToString(hash).getBytes(StandardCharsets.US_ASCII),
                    grant.challenge.getBytes(StandardCharsets.US_ASCII))) {
                oauthError(exchange, 400, "invalid_grant", "PKCE verifier does not match");
                return;
            }
        }
        Map<String, Object> idToken = new LinkedHashMap<>();
        idToken.put("iss", issuer);
        idToken.put("aud", clientId);
        idToken.put("azp", clientId);
        idToken.put("iat", now);
        idToken.put("exp", now + TOKEN_SECONDS);
        idToken.put("auth_time", grant.authTime);
        if (grant.nonce != null) {
            idToken.put("nonce", grant.nonce);
        }
        idToken.putAll(grant.claims);
        String accessToken = random(32);
        accessTokens.put(accessToken, new Grant(clientId, grant.redirectUri, null, null, grant.claims, grant.authTime,
                now + ACCESS_TOKEN_SECONDS));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", accessToken);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", ACCESS_TOKEN_SECONDS);
        answer.put("scope", "openid email profile");
        answer.put("id_token", sign(idToken));
        issued.incrementAndGet();
        reply(exchange, 200, "application/json", Json.write(answer));
    }

    private void userinfo(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        Grant grant = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                ? accessTokens.get(auth.substring(7).trim()) : null;
        if (grant == null || grant.expires < System.currentTimeMillis() / 1000) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            oauthError(exchange, 401, "invalid_token", "an access token of this provider expected");
            return;
        }
        reply(exchange, 200, "application/json", Json.write(grant.claims));
    }

    private void stats(HttpExchange exchange) throws IOException {
        reply(exchange, 200, "text/plain", "issued=" + issued.get() + " refused=" + refused.get()
                + " pending_codes=" + codes.size() + "\n");
    }

    private String sign(Map<String, Object> claims) throws Exception {
        String input = jwtHeader + "." + B64URL.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key.getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64URL.encodeToString(signature.sign());
    }

    private void oauthError(HttpExchange exchange, int status, String error, String description) throws IOException {
        refused.incrementAndGet();
        reply(exchange, status, "application/json", Json.write(Map.of("error", error, "error_description", description)));
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return B64URL.encodeToString(b);
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(65_537);
            if (bytes.length > 65_536) {
                throw new IllegalArgumentException("request body over 64 KiB");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** application/x-www-form-urlencoded (or a query string); the first of a repeated field counts. */
    private static Map<String, String> form(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                try {
                    out.putIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                } catch (IllegalArgumentException e) {
                    // a bad escape: the field is left out, and the request fails on what it lacks
                }
            }
        }
        return out;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The JSON this provider reads (the posted claims) and writes: objects, arrays, strings, numbers, literals. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json json = new Json(text);
            Object value = json.value(0);
            json.space();
            if (json.i != text.length()) {
                throw new IllegalArgumentException("trailing characters at " + json.i);
            }
            return value;
        }

        private Object value(int depth) {
            if (depth > 20) {
                throw new IllegalArgumentException("nested too deep");
            }
            space();
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                Map<String, Object> map = new LinkedHashMap<>();
                space();
                if (peek('}')) {
                    return map;
                }
                do {
                    space();
                    String name = string();
                    space();
                    expect(':');
                    if (map.put(name, value(depth + 1)) != null) {
                        throw new IllegalArgumentException("duplicate member " + name);
                    }
                    space();
                } while (peek(','));
                expect('}');
                return map;
            }
            if (c == '[') {
                i++;
                List<Object> list = new ArrayList<>();
                space();
                if (peek(']')) {
                    return list;
                }
                do {
                    list.add(value(depth + 1));
                    space();
                } while (peek(','));
                expect(']');
                return list;
            }
            if (c == '"') {
                return string();
            }
            for (String literal : List.of("true", "false", "null")) {
                if (s.startsWith(literal, i)) {
                    i += literal.length();
                    return literal.equals("null") ? null : Boolean.valueOf(literal);
                }
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            try {
                String number = s.substring(start, i);
                return number.matches("-?\\d{1,18}") ? (Object) Long.valueOf(number) : (Object) Double.valueOf(number);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unexpected character at " + start);
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    if (i >= s.length()) {
                        break;
                    }
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            if (i + 4 > s.length()) {
                                throw new IllegalArgumentException("bad \\u escape");
                            }
                            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
            throw new IllegalArgumentException("unterminated string");
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private boolean peek(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw new IllegalArgumentException("'" + c + "' expected at " + i);
            }
        }

        static String write(Object value) {
            StringBuilder out = new StringBuilder();
            write(value, out);
            return out.toString();
        }

        private static void write(Object value, StringBuilder out) {
            if (value == null) {
                out.append("null");
            } else if (value instanceof Map<?, ?> map) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(String.valueOf(e.getKey()), out);
                    out.append(':');
                    write(e.getValue(), out);
                }
                out.append('}');
            } else if (value instanceof List<?> list) {
                out.append('[');
                for (int k = 0; k < list.size(); k++) {
                    if (k > 0) {
                        out.append(',');
                    }
                    write(list.get(k), out);
                }
                out.append(']');
            } else if (value instanceof String str) {
                out.append('"');
                for (int k = 0; k < str.length(); k++) {
                    char c = str.charAt(k);
                    if (c == '"' || c == '\\') {
                        out.append('\\').append(c);
                    } else if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
                out.append('"');
            } else {
                out.append(value);
            }
        }
    }
}
