package io.jitsso.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * A forged-response test double of an upstream IdP: a discovery document, a JWKS and a
 * non-interactive authorization endpoint like any IdP, but ID tokens built by hand so each test can
 * make them wrong in exactly one way (no signature, HMAC keyed with the public key, an unknown key,
 * no nonce) or rotate the real key. One server, any number of issuers ({@code <base>/<issuerId>}).
 */
public final class ForgingUpstream {

    public enum Forgery {
        NONE,
        ALG_NONE,
        HS256_WITH_PUBLIC_KEY,
        UNKNOWN_KEY,
        MISSING_NONCE
    }

    private static ForgingUpstream instance;

    private final HttpServer server;
    private final String base;
    private final Map<String, Issuer> issuers = new ConcurrentHashMap<>();

    private static final class Issuer {
        volatile RsaJsonWebKey key;
        volatile Forgery forgery = Forgery.NONE;
        final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
    }

    private ForgingUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static synchronized ForgingUpstream shared() {
        if (instance == null) {
            try {
                instance = new ForgingUpstream();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    /** A fresh issuer with its own RSA key; its URL is the connection's issuer. */
    public String newIssuer(String issuerId) {
        Issuer issuer = new Issuer();
        issuer.key = rsaKey();
        issuers.put(issuerId, issuer);
        return base + "/" + issuerId;
    }

    public void forge(String issuerId, Forgery forgery) {
        issuers.get(issuerId).forgery = forgery;
    }

    /** Replaces the issuer's signing key; the JWKS publishes only the new one from now on. */
    public void rotateKey(String issuerId) {
        issuers.get(issuerId).key = rsaKey();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String[] parts = path.split("/", 3);
            Issuer issuer = parts.length == 3 ? issuers.get(parts[1]) : null;
            if (issuer == null) {
                send(exchange, 404, "text/plain", "no such issuer");
                return;
            }
            String issuerUrl = base + "/" + parts[1];
            switch (parts[2]) {
                case ".well-known/openid-configuration" -> send(exchange, 200, "application/json", """
                        {"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token",
                         "jwks_uri":"%1$s/jwks","response_types_supported":["code"],"subject_types_supported":["public"],
                         "id_token_signing_alg_values_supported":["RS256"],"code_challenge_methods_supported":["S256"]}
                        """.formatted(issuerUrl));
                case "jwks" -> send(exchange, 200, "application/json",
                        new JsonWebKeySet(List.of(issuer.key)).toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
                case "authorize" -> authorize(exchange, issuer);
                case "token" -> token(exchange, issuer, issuerUrl);
                default -> send(exchange, 404, "text/plain", "not found");
            }
        } catch (RuntimeException | JoseException e) {
            send(exchange, 500, "text/plain", e.toString());
        }
    }

    private void authorize(HttpExchange exchange, Issuer issuer) throws IOException {
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        String code = UUID.randomUUID().toString();
        issuer.codes.put(code, query);
        String location = query.get("redirect_uri") + "?code=" + code + "&state=" + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Location", location);
        send(exchange, 302, "text/plain", "");
    }

    private void token(HttpExchange exchange, Issuer issuer, String issuerUrl) throws IOException, JoseException {
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Map<String, String> request = issuer.codes.remove(form.get("code"));
        if (request == null) {
            send(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuerUrl);
        claims.setSubject("forged-user");
        claims.setAudience(request.get("client_id"));
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setStringListClaim("roles", List.of("corp-admins"));
        if (issuer.forgery != Forgery.MISSING_NONCE && request.get("nonce") != null) {
            claims.setClaim("nonce", request.get("nonce"));
        }
        String idToken = sign(claims, issuer);
        send(exchange, 200, "application/json", "{\"access_token\":\"opaque-" + UUID.randomUUID()
                + "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"id_token\":\"" + idToken + "\"}");
    }

    private static String sign(JwtClaims claims, Issuer issuer) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        switch (issuer.forgery) {
            case ALG_NONE -> {
                jws.setAlgorithmConstraints(AlgorithmConstraints.ALLOW_ONLY_NONE);
                jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
            }
            case HS256_WITH_PUBLIC_KEY -> {
                // the classic algorithm confusion: an HMAC keyed with the bytes of the published RSA key
                jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
                jws.setKeyIdHeaderValue(issuer.key.getKeyId());
                jws.setKey(new HmacKey(issuer.key.getPublicKey().getEncoded()));
            }
            case UNKNOWN_KEY -> {
                RsaJsonWebKey stranger = rsaKey();
                jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
                jws.setKeyIdHeaderValue(stranger.getKeyId());
                jws.setKey(stranger.getPrivateKey());
            }
            default -> {
                jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
                jws.setKeyIdHeaderValue(issuer.key.getKeyId());
                jws.setKey(issuer.key.getPrivateKey());
            }
        }
        return jws.getCompactSerialization();
    }

    private static RsaJsonWebKey rsaKey() {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(UUID.randomUUID().toString());
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            key.setUse("sig");
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parse(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }
}
