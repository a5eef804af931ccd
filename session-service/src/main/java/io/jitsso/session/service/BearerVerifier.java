package io.jitsso.session.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitsso.session.config.SessionConfig;
import io.jitsso.session.crypto.Jws;
import io.jitsso.session.crypto.JwsAlgorithm;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.session.crypto.SigningMaterial;
import io.jitsso.contracts.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Verifies client access tokens presented as bearer tokens. Each check is its own method; the key
 * is pinned by (tenant from the issuer, kid) and the token's alg must equal that key's algorithm,
 * which rules out "none", HMAC-with-the-public-key and cross-tenant keys. A verified token is
 * remembered by its SHA-256 until it expires, so repeated calls skip the signature check.
 */
@ApplicationScoped
public class BearerVerifier {

    private static final long CLOCK_SKEW_SECONDS = 30;
    private static final int MAX_REMEMBERED = 50_000;
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final KeyRing keyRing;
    private final TokenService tokens;
    private final String issuerPrefix;
    private final Map<ByteBuffer, ClientPrincipal> verified = new ConcurrentHashMap<>();

    BearerVerifier(KeyRing keyRing, TokenService tokens, SessionConfig config) {
        this.keyRing = keyRing;
        this.tokens = tokens;
        this.issuerPrefix = config.issuerBaseUrl() + "/t/";
    }

    public Uni<ClientPrincipal> verify(String authorization) {
        String token = bearerToken(authorization);
        long now = Instant.now().getEpochSecond();
        ByteBuffer digest = ByteBuffer.wrap(Secrets.sha256(token));
        ClientPrincipal known = verified.get(digest);
        if (known != null) {
            checkNotExpired(known.expiresAtEpochSecond(), now);
            return Uni.createFrom().item(known);
        }
        Jws.Parsed parsed = parse(token);
        checkType(parsed);
        JwsAlgorithm algorithm = checkAlgorithm(parsed);
        String tenantId = tenantOf(parsed.claims());
        return keyRing.verificationKey(tenantId, parsed.kid()).map(key -> {
            verifySignature(parsed, algorithm, key);
            checkTimeWindow(parsed.claims(), now);
            checkAudience(parsed.claims(), tenantId);
            ClientPrincipal principal = clientOf(parsed.claims(), tenantId);
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(digest, principal);
            return principal;
        });
    }

    static String bearerToken(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw invalid("a client access token is required (Authorization: Bearer)");
        }
        if (authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw invalid("the Authorization header must use the Bearer scheme");
        }
        return authorization.substring(7).trim();
    }

    private static Jws.Parsed parse(String token) {
        try {
            return Jws.parse(token);
        } catch (Jws.MalformedTokenException e) {
            throw invalid("the access token is malformed");
        }
    }

    private static void checkType(Jws.Parsed parsed) {
        if (!TokenService.ACCESS_TOKEN_TYPE.equals(parsed.type()) || parsed.header().has("crit")) {
            throw invalid("not a client access token");
        }
    }

    private static JwsAlgorithm checkAlgorithm(Jws.Parsed parsed) {
        JwsAlgorithm algorithm = JwsAlgorithm.fromName(parsed.algorithm());
        if (algorithm == null || parsed.kid() == null) {
            throw invalid("the access token's algorithm is not accepted");
        }
        return algorithm;
    }

    private String tenantOf(JsonNode claims) {
        String issuer = claims.path("iss").asText("");
        String tenantId = issuer.startsWith(issuerPrefix) ? issuer.substring(issuerPrefix.length()) : "";
        if (!TENANT_ID.matcher(tenantId).matches()) {
            throw invalid("the access token's issuer is not this service");
        }
        return tenantId;
    }

    private static void verifySignature(Jws.Parsed parsed, JwsAlgorithm algorithm, SigningMaterial key) {
        if (key == null || key.algorithm() != algorithm || !key.verify(parsed.signingInput(), parsed.signature())) {
            throw invalid("the access token's signature is not valid");
        }
    }

    private static void checkTimeWindow(JsonNode claims, long now) {
        if (!claims.path("exp").isIntegralNumber()) {
            throw invalid("the access token has no expiry");
        }
        checkNotExpired(claims.get("exp").asLong(), now);
        if (claims.has("nbf") && claims.path("nbf").asLong(Long.MAX_VALUE) > now + CLOCK_SKEW_SECONDS) {
            throw invalid("the access token is not valid yet");
        }
        if (claims.path("iat").asLong(0) > now + CLOCK_SKEW_SECONDS) {
            throw invalid("the access token was issued in the future");
        }
    }

    private static void checkNotExpired(long expiresAt, long now) {
        if (expiresAt + CLOCK_SKEW_SECONDS <= now) {
            throw invalid("the access token has expired");
        }
    }

    private void checkAudience(JsonNode claims, String tenantId) {
        if (!tokens.apiAudience(tenantId).equals(claims.path("aud").asText(null))) {
            throw invalid("the access token is not a client access token for this API");
        }
    }

    private static ClientPrincipal clientOf(JsonNode claims, String tenantId) {
        String clientId = claims.path("client_id").asText(null);
        if (clientId == null || !clientId.equals(claims.path("sub").asText(null))) {
            throw invalid("the access token is not a client access token");
        }
        return new ClientPrincipal(tenantId, clientId, claims.get("exp").asLong());
    }

    private static ApiException.Unauthorized invalid(String detail) {
        return new ApiException.Unauthorized(detail, "Bearer error=\"invalid_token\"");
    }
}
