package io.jitsso.migration.service;

import io.jitsso.migration.client.SessionServiceClient;
import io.jitsso.migration.config.MigrationConfig;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.migration.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * Authenticates apps by the client access tokens session-service issued them (SPEC C3): signature
 * against the tenant's JWKS (ES256 or RS256 only, key pinned by kid), issuer and audience
 * {@code <issuer-base>/t/<tenant>} of the tenant in the path, type {@code at+jwt}, expiry, and
 * {@code client_id == sub}. A token of another tenant is refused as such. Keys are cached per tenant
 * for {@link #KEY_TTL} and re-read at once (at most every {@link #REFRESH_FLOOR}) on an unknown kid;
 * verified tokens are remembered by SHA-256 until they expire.
 */
@ApplicationScoped
public class AppAuthenticator {

    static final Duration KEY_TTL = Duration.ofSeconds(30);
    static final Duration REFRESH_FLOOR = Duration.ofSeconds(5);
    private static final int CLOCK_SKEW_SECONDS = 30;
    private static final int MAX_REMEMBERED = 50_000;
    private static final String CHALLENGE = "Bearer error=\"invalid_token\"";

    private record TenantKeys(JsonWebKeySet keys, Instant fetchedAt) {
    }

    private final SessionServiceClient sessionService;
    private final String issuerPrefix;
    private final Map<String, TenantKeys> keys = new ConcurrentHashMap<>();
    private final Map<ByteBuffer, AppPrincipal> verified = new ConcurrentHashMap<>();

    AppAuthenticator(SessionServiceClient sessionService, MigrationConfig config) {
        this.sessionService = sessionService;
        this.issuerPrefix = config.issuerBaseUrl() + "/t/";
    }

    public Uni<AppPrincipal> authenticate(String tenantId, String authorization) {
        String token = bearerToken(authorization);
        long now = Instant.now().getEpochSecond();
        ByteBuffer digest = ByteBuffer.wrap(Secrets.sha256(token));
        AppPrincipal known = verified.get(digest);
        if (known != null && known.tenantId().equals(tenantId) && known.expiresAtEpochSecond() + CLOCK_SKEW_SECONDS > now) {
            return Uni.createFrom().item(known);
        }
        String kid = checkHeader(token);
        return keysOf(tenantId, kid).map(jwks -> {
            JwtClaims claims = verify(tenantId, token, jwks);
            AppPrincipal principal = principalOf(tenantId, claims, authorization);
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
        String token = authorization.substring(7).trim();
        if (token.length() > 8192) {
            throw invalid("the access token is malformed");
        }
        return token;
    }

    private static String checkHeader(String token) {
        try {
            JsonWebStructure structure = JsonWebStructure.fromCompactSerialization(token);
            if (structure.getKeyIdHeaderValue() == null) {
                throw invalid("the access token's key is not identified");
            }
            return structure.getKeyIdHeaderValue();
        } catch (JoseException e) {
            throw invalid("the access token is malformed");
        }
    }

    /** The tenant's keys, re-read when the kid is unknown (a rotation) but not more often than the floor. */
    private Uni<JsonWebKeySet> keysOf(String tenantId, String kid) {
        TenantKeys cached = keys.get(tenantId);
        Instant now = Instant.now();
        if (cached != null && (has(cached.keys(), kid) ? cached.fetchedAt().plus(KEY_TTL).isAfter(now)
                : cached.fetchedAt().plus(REFRESH_FLOOR).isAfter(now))) {
            return Uni.createFrom().item(cached.keys());
        }
        return sessionService.jwks(tenantId).map(document -> {
            JsonWebKeySet set = document.map(AppAuthenticator::parseKeys).orElseGet(JsonWebKeySet::new);
            keys.put(tenantId, new TenantKeys(set, now));
            return set;
        });
    }

    private static boolean has(JsonWebKeySet set, String kid) {
        return set.getJsonWebKeys().stream().anyMatch(key -> kid.equals(key.getKeyId()));
    }

    private static JsonWebKeySet parseKeys(String document) {
        try {
            return new JsonWebKeySet(document);
        } catch (JoseException e) {
            throw new ApiException.BadGateway("the session service published an unreadable key set");
        }
    }

    private JwtClaims verify(String tenantId, String token, JsonWebKeySet jwks) {
        String issuer = issuerPrefix + tenantId;
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .setExpectedType(true, "at+jwt")
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setExpectedIssuer(issuer)
                .setExpectedAudience(issuer)
                .build();
        try {
            return consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            checkTenant(tenantId, e);
            if (e.hasExpired()) {
                throw invalid("the access token has expired");
            }
            throw invalid("the access token is not a valid client access token of this tenant");
        }
    }

    /** A well-signed token of another tenant gets a clear answer rather than a generic one. */
    private void checkTenant(String tenantId, InvalidJwtException e) {
        if (e.getJwtContext() == null || e.getJwtContext().getJwtClaims() == null) {
            return;
        }
        try {
            String tokenIssuer = e.getJwtContext().getJwtClaims().getIssuer();
            if (tokenIssuer != null && tokenIssuer.startsWith(issuerPrefix) && !tokenIssuer.equals(issuerPrefix + tenantId)) {
                throw new ApiException.Forbidden("the client access token belongs to another tenant");
            }
        } catch (MalformedClaimException ignored) {
            // falls through to the generic refusal
        }
    }

    private static AppPrincipal principalOf(String tenantId, JwtClaims claims, String authorization) {
        try {
            Object clientId = claims.getClaimValue("client_id");
            if (!(clientId instanceof String id) || !id.equals(claims.getSubject())) {
                throw invalid("the access token is not a client access token");
            }
            return new AppPrincipal(tenantId, id, authorization, claims.getExpirationTime().getValue());
        } catch (MalformedClaimException e) {
            throw invalid("the access token is not a client access token");
        }
    }

    private static ApiException.Unauthorized invalid(String detail) {
        return new ApiException.Unauthorized(detail, CHALLENGE);
    }

}
