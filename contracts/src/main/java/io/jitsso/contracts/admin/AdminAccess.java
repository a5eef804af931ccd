package io.jitsso.contracts.admin;

import io.jitsso.contracts.http.CanonicalUuid;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;

/**
 * Who may call a service's admin API ({@code /admin}): the operator, with the operator bearer
 * token (compared in constant time), or a tenant's admin, with an access token that session-service
 * issued for that tenant's admin portal app and that carries the platform role {@code owner} or
 * {@code admin} (SPEC A11). A tenant admin reaches only that tenant's paths; paths across tenants
 * and operator-only paths stay the operator's.
 *
 * <p>Token checks, one method each: size, structure, type ({@code at+jwt}: an ID token is not an
 * access token), algorithm (ES256 or RS256 with a key id), issuer ({@code <issuer-base>/t/<tenant>}),
 * signature with the key of that kid from the tenant's JWKS (the key's own algorithm must match
 * the header's), expiry/not-before/issued-at with 30 s skew, audience (the admin portal's client
 * id: client-credentials tokens, whose audience is the issuer, never pass), a user subject, and the
 * role. Keys are cached per tenant ({@link TenantKeys}); an unknown kid re-reads the JWKS.
 *
 * <p>A token opens the API only while what it was issued from still stands ({@link AdminTokenStatus}):
 * the IdP session named by its {@code sid}, or, for the break-glass admin, the account's credentials
 * at the version in {@code break_glass_version}. A logout, a revocation, a disconnect, a denial by
 * policy, or the operator replacing or disabling the break-glass password closes the admin API to the
 * token within the status cache's TTL, not at the token's expiry.
 */
public final class AdminAccess {

    private static final Logger LOG = Logger.getLogger(AdminAccess.class);

    /** Platform roles that open a tenant's admin API. */
    public static final Set<String> ADMIN_ROLES = Set.of("owner", "admin");
    public static final String ACCESS_TOKEN_TYPE = "at+jwt";
    /** The claim of a break-glass token that names the version of the credentials it was issued under. */
    public static final String BREAK_GLASS_VERSION = "break_glass_version";
    private static final int MAX_TOKEN_CHARS = 8192;
    private static final int CLOCK_SKEW_SECONDS = 30;
    static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Set<String> ALGORITHMS = Set.of("ES256", "RS256");

    /** What the caller may do. */
    public sealed interface Decision permits Operator, TenantAdmin, Denied {
    }

    /** The operator: every admin path. */
    public record Operator() implements Decision {
    }

    /** A tenant's admin, verified, on a path of that tenant. */
    public record TenantAdmin(AdminPrincipal principal) implements Decision {
    }

    /**
     * Refused: {@code status} 401 (no valid credential; {@code challenge} for WWW-Authenticate),
     * 403 (a valid credential that does not reach this path) or 503 (the tenant's keys could not be
     * read).
     */
    public record Denied(int status, String detail, String challenge) implements Decision {
    }

    private final byte[] operatorTokenDigest;
    private final String issuerPrefix;
    private final String audience;
    private final TenantKeys keys;
    private final AdminTokenStatus status;

    /**
     * @param operatorToken the operator's bearer token
     * @param issuerBaseUrl session-service's public base URL; a tenant's issuer is {@code <base>/t/<tenant>}
     * @param audience      the client id of the tenants' admin portal app
     * @param keySource     the tenants' JWKS
     * @param keysCacheTtl  how long a tenant's keys are used before they are read again
     * @param status        whether a token's session or break-glass credentials still stand
     * @param statusTtl     how long an answer of {@code status} is reused (zero: ask on every request)
     */
    public AdminAccess(String operatorToken, String issuerBaseUrl, String audience, KeySource keySource,
            Duration keysCacheTtl, AdminTokenStatus status, Duration statusTtl) {
        this.operatorTokenDigest = sha256(operatorToken);
        this.issuerPrefix = (issuerBaseUrl.endsWith("/") ? issuerBaseUrl.substring(0, issuerBaseUrl.length() - 1)
                : issuerBaseUrl) + "/t/";
        this.audience = audience;
        this.keys = new TenantKeys(keySource, keysCacheTtl);
        this.status = new CachedTokenStatus(status, statusTtl);
    }

    /**
     * @param authorization the request's Authorization header (may be null)
     * @param path          the request path
     * @param operatorOnly  the path is the operator's alone even when it names a tenant
     */
    public Uni<Decision> decide(String authorization, String path, boolean operatorOnly) {
        String presented = bearer(authorization);
        if (presented == null) {
            return Uni.createFrom().item(new Denied(401, "a valid operator credential or admin access token is required",
                    "Bearer realm=\"jitsso\""));
        }
        if (MessageDigest.isEqual(operatorTokenDigest, sha256(presented))) {
            return Uni.createFrom().item(new Operator());
        }
        if (presented.indexOf('.') < 0) {
            // neither the operator token nor a JWT: answered like a wrong operator token
            return Uni.createFrom().item(new Denied(401, "a valid operator credential or admin access token is required",
                    "Bearer realm=\"jitsso\""));
        }
        Optional<String> pathTenant = AdminPaths.tenantOf(path);
        return verify(presented)
                .map(principal -> authorize(principal, pathTenant, operatorOnly))
                .chain(this::stillActive)
                .onFailure(AdminAccessRejection.class).recoverWithItem(failure -> ((AdminAccessRejection) failure).denial());
    }

    /**
     * {@link #decide} for a request filter: completes when the caller may proceed, fails with
     * {@code refusal(denial)} (the service's own problem) when not. Every request of a break-glass
     * admin is logged (tenant, subject, method, path), so each use leaves a trace.
     */
    public <E extends RuntimeException> Uni<Void> enforce(String authorization, String method, String path,
            boolean operatorOnly, Function<Denied, E> refusal) {
        return admit(authorization, method, path, operatorOnly, refusal).replaceWithVoid();
    }

    /** {@link #enforce}, completing with who was admitted (for a service that records who changed what). */
    public <E extends RuntimeException> Uni<Decision> admit(String authorization, String method, String path,
            boolean operatorOnly, Function<Denied, E> refusal) {
        return decide(authorization, path, operatorOnly).invoke(decision -> {
            if (decision instanceof Denied denied) {
                throw refusal.apply(denied);
            }
            if (decision instanceof TenantAdmin admin && admin.principal().breakGlass()) {
                LOG.infof("break-glass admin %s of tenant %s: %s %s", admin.principal().subject(),
                        admin.principal().tenantId(), method, path);
            }
        });
    }

    /**
     * Who an admitted caller is, for an audit trail: {@code operator}, or the tenant admin's subject (the user id
     * their tokens carry; {@code break-glass:<user name>} for the break-glass admin).
     */
    public static String actorOf(Decision decision) {
        if (decision instanceof Operator) {
            return "operator";
        }
        if (decision instanceof TenantAdmin admin) {
            return admin.principal().subject();
        }
        throw new IllegalArgumentException("a denied caller is no actor");
    }

    /** Verifies an admin access token; fails with a 401 denial when any check fails. */
    Uni<AdminPrincipal> verify(String token) {
        try {
            checkSize(token);
            JwtContext unverified = parse(token);
            JsonWebSignature jws = (JsonWebSignature) unverified.getJoseObjects().get(0);
            checkType(jws);
            checkAlgorithm(jws);
            String tenantId = tenantOf(unverified.getJwtClaims());
            return keys.key(tenantId, jws.getKeyIdHeaderValue())
                    .onFailure(failure -> !(failure instanceof AdminAccessRejection))
                    .transform(failure -> new AdminAccessRejection(503, "the token issuer's keys cannot be read now; try again"))
                    .map(key -> verifySignatureAndClaims(unverified, jws, key, tenantId));
        } catch (AdminAccessRejection rejected) {
            return Uni.createFrom().failure(rejected);
        }
    }

    private Decision authorize(AdminPrincipal principal, Optional<String> pathTenant, boolean operatorOnly) {
        if (operatorOnly || pathTenant.isEmpty()) {
            return new Denied(403, "this operation is the operator's only", null);
        }
        if (!pathTenant.get().equals(principal.tenantId())) {
            return new Denied(403, "an admin of tenant " + principal.tenantId() + " cannot reach another tenant", null);
        }
        if (principal.roles().stream().noneMatch(ADMIN_ROLES::contains)) {
            return new Denied(403, "the admin API requires the role owner or admin", null);
        }
        return new TenantAdmin(principal);
    }

    /** A tenant admin's token opens the API only while its session (or break-glass credentials) still stands. */
    private Uni<Decision> stillActive(Decision decision) {
        if (!(decision instanceof TenantAdmin admin)) {
            return Uni.createFrom().item(decision);
        }
        return Uni.createFrom().deferred(() -> status.active(admin.principal()))
                .onFailure().transform(failure -> {
                    // no token here: the cause tells the operator what to fix (a wrong internal token answers 401)
                    LOG.warnf("cannot check the session of an admin of tenant %s: %s", admin.principal().tenantId(),
                            failure.getMessage());
                    return new AdminAccessRejection(503,
                            "the admin session behind the access token cannot be checked now; try again");
                })
                .map(active -> active ? decision : new AdminAccessRejection(401, admin.principal().breakGlass()
                        ? "the break-glass credentials this access token was issued under were replaced or disabled"
                        : "the session this access token was issued from has ended").denial());
    }

    private static void checkSize(String token) {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new AdminAccessRejection(401, "the access token is too large");
        }
    }

    private static JwtContext parse(String token) {
        try {
            JwtContext context = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                    .setSkipSignatureVerification().build().process(token);
            if (context.getJoseObjects().size() != 1 || !(context.getJoseObjects().get(0) instanceof JsonWebSignature)) {
                throw new AdminAccessRejection(401, "the access token is malformed");
            }
            return context;
        } catch (InvalidJwtException e) {
            throw new AdminAccessRejection(401, "the access token is malformed");
        }
    }

    private static void checkType(JsonWebSignature jws) {
        if (!ACCESS_TOKEN_TYPE.equals(jws.getHeader("typ")) || jws.getHeaders().getObjectHeaderValue("crit") != null) {
            throw new AdminAccessRejection(401, "not an access token (an ID token is not accepted)");
        }
    }

    private static void checkAlgorithm(JsonWebSignature jws) {
        if (!ALGORITHMS.contains(jws.getAlgorithmHeaderValue()) || jws.getKeyIdHeaderValue() == null) {
            throw new AdminAccessRejection(401, "the access token's algorithm is not accepted");
        }
    }

    private String tenantOf(JwtClaims claims) {
        String issuer = claims.getClaimValueAsString("iss");
        String tenantId = issuer != null && issuer.startsWith(issuerPrefix) ? issuer.substring(issuerPrefix.length()) : "";
        if (!TENANT_ID.matcher(tenantId).matches()) {
            throw new AdminAccessRejection(401, "the access token's issuer is not this suite");
        }
        return tenantId;
    }

    private AdminPrincipal verifySignatureAndClaims(JwtContext unverified, JsonWebSignature jws, JsonWebKey key,
            String tenantId) {
        checkKey(jws, key);
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKey(((PublicJsonWebKey) key).getPublicKey())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, jws.getAlgorithmHeaderValue())
                .setExpectedType(true, ACCESS_TOKEN_TYPE)
                .setExpectedIssuer(issuerPrefix + tenantId)
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .build();
        try {
            consumer.processContext(unverified);
            return principalOf(unverified.getJwtClaims(), tenantId);
        } catch (InvalidJwtException e) {
            throw new AdminAccessRejection(401, reasonOf(e));
        } catch (MalformedClaimException e) {
            throw new AdminAccessRejection(401, "the access token's claims are malformed");
        }
    }

    /** The key of that kid must exist and be meant for the header's algorithm. */
    private static void checkKey(JsonWebSignature jws, JsonWebKey key) {
        if (!(key instanceof PublicJsonWebKey) || !jws.getAlgorithmHeaderValue().equals(key.getAlgorithm())) {
            throw new AdminAccessRejection(401, "the access token's signature is not valid");
        }
    }

    private AdminPrincipal principalOf(JwtClaims claims, String tenantId) throws MalformedClaimException {
        String subject = claims.getSubject();
        String clientId = claims.getClaimValueAsString("client_id");
        if (subject.equals(clientId) || !audience.equals(clientId)) {
            throw new AdminAccessRejection(401, "the access token was not issued to a user of the admin portal");
        }
        List<String> roles = claims.isClaimValueStringList("roles") ? claims.getStringListClaimValue("roles") : List.of();
        boolean breakGlass = Boolean.TRUE.equals(claims.getClaimValue("break_glass"));
        if (breakGlass) {
            Object version = claims.getClaimValue(BREAK_GLASS_VERSION);
            if (!(version instanceof Long number) || number < 1) {
                throw new AdminAccessRejection(401, "the break-glass access token carries no credential version");
            }
            return new AdminPrincipal(tenantId, subject, roles, true, null, number);
        }
        return new AdminPrincipal(tenantId, subject, roles, false, sessionIdOf(claims), null);
    }

    /** The {@code sid} of a session token: a UUID in its canonical form, else the token is refused. */
    private static String sessionIdOf(JwtClaims claims) {
        String sid = claims.getClaimValueAsString("sid");
        if (CanonicalUuid.parse(sid) == null) {
            throw new AdminAccessRejection(401, "the access token is not bound to a session");
        }
        return sid;
    }

    private static String reasonOf(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "the access token has expired";
        }
        if (e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.SIGNATURE_INVALID)) {
            return "the access token's signature is not valid";
        }
        if (e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.AUDIENCE_INVALID)
                || e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.AUDIENCE_MISSING)) {
            return "the access token is not meant for the admin API";
        }
        return "the access token is not valid";
    }

    static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
