package io.jitsso.migration.service;

import io.jitsso.migration.client.SessionServiceClient;
import io.jitsso.migration.config.MigrationConfig;
import io.jitsso.contracts.admin.AdminAccessRejection;
import io.jitsso.contracts.admin.TenantKeys;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/**
 * Authenticates apps by the client access tokens session-service issued them (SPEC C3): signature
 * against the tenant's JWKS (ES256 or RS256 only, key pinned by kid), issuer and audience
 * {@code <issuer-base>/t/<tenant>} of the tenant in the path, type {@code at+jwt}, expiry, and
 * {@code client_id == sub}. A token of another tenant is refused as such. Keys come from the shared
 * per-tenant cache ({@link TenantKeys}, {@link #KEY_TTL}; an unknown kid re-reads them at once);
 * verified tokens are remembered by SHA-256 until they expire.
 */
@ApplicationScoped
public class AppAuthenticator {

    static final Duration KEY_TTL = Duration.ofSeconds(30);
    private static final String NO_KEYS = "{\"keys\":[]}";
    /** Reads claims without checking anything, only to word a refusal. */
    private static final JwtConsumer UNVERIFIED = new JwtConsumerBuilder().setSkipAllValidators()
            .setDisableRequireSignature().setSkipSignatureVerification().build();
    private static final int CLOCK_SKEW_SECONDS = 30;
    private static final int MAX_REMEMBERED = 50_000;
    private static final String CHALLENGE = "Bearer error=\"invalid_token\"";

    private final String issuerPrefix;
    private final TenantKeys keys;
    private final Map<ByteBuffer, AppPrincipal> verified = new ConcurrentHashMap<>();

    AppAuthenticator(SessionServiceClient sessionService, MigrationConfig config) {
        this.issuerPrefix = config.issuerBaseUrl() + "/t/";
        this.keys = new TenantKeys(tenant -> sessionService.jwks(tenant).map(found -> found.orElse(NO_KEYS)), KEY_TTL);
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
        return keys.key(tenantId, kid)
                .onFailure(AdminAccessRejection.class).transform(unknown -> otherTenant(tenantId, unverified(token))
                        ? otherTenant() : invalid("the access token is not a valid client access token of this tenant"))
                .onFailure(failure -> !(failure instanceof ApiException)).transform(failure ->
                        new ApiException.ServiceUnavailable("the session service's signing keys cannot be read"))
                .map(key -> {
                    JwtClaims claims = verify(tenantId, token, key);
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

    private JwtClaims verify(String tenantId, String token, JsonWebKey key) {
        String issuer = issuerPrefix + tenantId;
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKey(key.getKey())
                .setExpectedType(true, "at+jwt")
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setExpectedIssuer(issuer)
                .setExpectedAudience(issuer)
                .build();
        try {
            return consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            if (e.getJwtContext() != null && otherTenant(tenantId, e.getJwtContext().getJwtClaims())) {
                throw otherTenant();
            }
            if (e.hasExpired()) {
                throw invalid("the access token has expired");
            }
            throw invalid("the access token is not a valid client access token of this tenant");
        }
    }

    /** Claims read without checking anything, only to word a refusal; null when unreadable. */
    private static JwtClaims unverified(String token) {
        try {
            return UNVERIFIED.processToClaims(token);
        } catch (InvalidJwtException e) {
            return null;
        }
    }

    /**
     * Whether the (unverified) issuer names another tenant of this suite: such a token gets a clear
     * answer rather than a generic one. Only the wording depends on it; the token is refused either way.
     */
    private boolean otherTenant(String tenantId, JwtClaims claims) {
        if (claims == null) {
            return false;
        }
        try {
            String tokenIssuer = claims.getIssuer();
            return tokenIssuer != null && tokenIssuer.startsWith(issuerPrefix) && !tokenIssuer.equals(issuerPrefix + tenantId);
        } catch (MalformedClaimException e) {
            return false;
        }
    }

    private static ApiException.Forbidden otherTenant() {
        return new ApiException.Forbidden("the client access token belongs to another tenant");
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
