package io.jitsso.contracts.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

/**
 * The admin API's access decision against tokens signed with real keys: valid, forged, expired,
 * of another tenant, of the wrong kind; key rotation and key-source failures.
 */
class AdminAccessTest {

    private static final String OPERATOR = "operator-token-0123456789abcdef0123";
    private static final String BASE = "https://sessions.example.test";
    private static final String AUDIENCE = "admin-portal";

    /** The issuer's keys per tenant as a test would publish them; counts reads. */
    private static final class PublishedKeys implements KeySource {
        final Map<String, List<JsonWebKey>> keys = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();
        volatile boolean down;

        @Override
        public Uni<String> jwks(String tenantId) {
            reads.incrementAndGet();
            if (down) {
                return Uni.createFrom().failure(new IllegalStateException("connection refused"));
            }
            return Uni.createFrom().item(new JsonWebKeySet(keys.getOrDefault(tenantId, List.of()))
                    .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        }
    }

    /** session-service's answers on sessions and break-glass credentials as a test sets them; counts questions. */
    private static final class Standing implements AdminTokenStatus {
        final java.util.Set<String> ended = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final Map<String, Long> breakGlassVersions = new java.util.concurrent.ConcurrentHashMap<>();
        final List<AdminPrincipal> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean down;

        @Override
        public Uni<Boolean> active(AdminPrincipal principal) {
            asked.add(principal);
            if (down) {
                return Uni.createFrom().failure(new IllegalStateException("connection refused"));
            }
            return Uni.createFrom().item(principal.breakGlass()
                    ? principal.breakGlassVersion().equals(breakGlassVersions.get(principal.tenantId()))
                    : !ended.contains(principal.sessionId()));
        }
    }

    private static final String SID = "5f0c8a1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b";

    private final PublishedKeys published = new PublishedKeys();
    private final Standing standing = new Standing();
    private final AdminAccess access = new AdminAccess(OPERATOR, BASE, AUDIENCE, published, Duration.ofMinutes(5),
            standing, Duration.ZERO);

    private static EllipticCurveJsonWebKey ecKey(String kid) {
        try {
            EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            key.setKeyId(kid);
            key.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            return key;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private EllipticCurveJsonWebKey publish(String tenant, String kid) {
        EllipticCurveJsonWebKey key = ecKey(kid);
        published.keys.computeIfAbsent(tenant, t -> new ArrayList<>()).add(key);
        return key;
    }

    private static JwtClaims adminClaims(String tenant) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(BASE + "/t/" + tenant);
        claims.setSubject("0b7c1e9e-1111-4222-8333-944445555666");
        claims.setAudience(AUDIENCE);
        claims.setClaim("client_id", AUDIENCE);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setStringListClaim("roles", List.of("admin"));
        claims.setClaim("sid", SID);
        return claims;
    }

    private static String sign(JsonWebKey key, String alg, String typ, JwtClaims claims) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmHeaderValue(alg);
            jws.setKeyIdHeaderValue(key.getKeyId());
            if (typ != null) {
                jws.setHeader("typ", typ);
            }
            jws.setKey(key instanceof EllipticCurveJsonWebKey ec ? ec.getPrivateKey() : ((RsaJsonWebKey) key).getPrivateKey());
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String es256(JsonWebKey key, Consumer<JwtClaims> change, String tenant) {
        JwtClaims claims = adminClaims(tenant);
        change.accept(claims);
        return sign(key, "ES256", "at+jwt", claims);
    }

    private AdminAccess.Decision decide(String token, String path) {
        return access.decide("Bearer " + token, path, false).await().atMost(Duration.ofSeconds(5));
    }

    private static void assertDenied(int status, AdminAccess.Decision decision) {
        AdminAccess.Denied denied = assertInstanceOf(AdminAccess.Denied.class, decision, () -> "expected a denial: " + decision);
        assertEquals(status, denied.status(), denied.detail());
    }

    @Test
    void theOperatorTokenOpensEveryPathAndNothingElseDoes() {
        assertInstanceOf(AdminAccess.Operator.class, decide(OPERATOR, "/admin/v1/tenants"));
        assertInstanceOf(AdminAccess.Operator.class, access.decide("bearer " + OPERATOR, "/admin/v1/tenants/a/apps", true)
                .await().indefinitely());
        assertDenied(401, access.decide(null, "/admin/v1/tenants/a", false).await().indefinitely());
        assertDenied(401, access.decide("Basic b3A6b3A=", "/admin/v1/tenants/a", false).await().indefinitely());
        assertDenied(401, decide(OPERATOR + "x", "/admin/v1/tenants/a"));
    }

    @Test
    void anAdminTokenOpensItsOwnTenantsPathsOnly() {
        EllipticCurveJsonWebKey key = publish("acme", "k1");
        String token = es256(key, c -> { }, "acme");
        AdminAccess.TenantAdmin admin = assertInstanceOf(AdminAccess.TenantAdmin.class,
                decide(token, "/admin/v1/tenants/acme/connections"));
        assertEquals("acme", admin.principal().tenantId());
        assertEquals(List.of("admin"), admin.principal().roles());
        assertInstanceOf(AdminAccess.TenantAdmin.class, decide(token, "/admin/v1/tenants/acme"));
        assertDenied(403, decide(token, "/admin/v1/tenants/umbrella/connections"));
        assertDenied(403, decide(token, "/admin/v1/tenants"));
        assertDenied(403, access.decide("Bearer " + token, "/admin/v1/tenants/acme/break-glass", true).await().indefinitely());
        assertInstanceOf(AdminAccess.TenantAdmin.class,
                decide(es256(key, c -> c.setStringListClaim("roles", List.of("owner")), "acme"), "/admin/v1/tenants/acme/x"));
    }

    @Test
    void aUserWithoutAnAdminRoleIsForbidden() {
        EllipticCurveJsonWebKey key = publish("acme", "k1");
        assertDenied(403, decide(es256(key, c -> c.setStringListClaim("roles", List.of("viewer", "editor")), "acme"),
                "/admin/v1/tenants/acme/connections"));
        assertDenied(403, decide(es256(key, c -> c.unsetClaim("roles"), "acme"), "/admin/v1/tenants/acme/connections"));
        assertDenied(403, decide(es256(key, c -> c.setClaim("roles", "admin"), "acme"), "/admin/v1/tenants/acme/connections"));
    }

    @Test
    void tokensOfTheWrongKindAreRejected() {
        EllipticCurveJsonWebKey key = publish("acme", "k1");
        String path = "/admin/v1/tenants/acme/connections";
        // an ID token (typ JWT) of the same user and app
        assertDenied(401, decide(sign(key, "ES256", "JWT", adminClaims("acme")), path));
        assertDenied(401, decide(sign(key, "ES256", null, adminClaims("acme")), path));
        // a client-credentials token: audience is the issuer, subject is the client
        assertDenied(401, decide(es256(key, c -> {
            c.setAudience(BASE + "/t/acme");
            c.setSubject(AUDIENCE);
            c.unsetClaim("roles");
        }, "acme"), path));
        // a client-credentials-shaped token for the portal's audience: still no user
        assertDenied(401, decide(es256(key, c -> c.setSubject(AUDIENCE), "acme"), path));
        // another app's user token
        assertDenied(401, decide(es256(key, c -> {
            c.setAudience("some-other-app");
            c.setClaim("client_id", "some-other-app");
        }, "acme"), path));
        assertDenied(401, decide(es256(key, c -> c.setClaim("client_id", "some-other-app"), "acme"), path));
    }

    @Test
    void forgedAndExpiredTokensAreRejected() throws Exception {
        EllipticCurveJsonWebKey key = publish("acme", "k1");
        String path = "/admin/v1/tenants/acme/connections";
        assertDenied(401, decide(es256(key, c -> c.setExpirationTimeMinutesInTheFuture(-1), "acme"), path));
        assertDenied(401, decide(es256(key, c -> c.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(
                System.currentTimeMillis() / 1000 + 600)), "acme"), path));
        assertDenied(401, decide(es256(key, c -> c.setNotBeforeMinutesInThePast(-10), "acme"), path));
        assertDenied(401, decide(es256(key, c -> c.setIssuer("https://evil.example/t/acme"), "acme"), path));
        // signed by a key the tenant does not publish, under a kid it does
        EllipticCurveJsonWebKey impostor = ecKey("k1");
        assertDenied(401, decide(es256(impostor, c -> { }, "acme"), path));
        // a key of another tenant, with its kid
        EllipticCurveJsonWebKey other = publish("umbrella", "k-umbrella");
        assertDenied(401, decide(es256(other, c -> { }, "acme"), path));
        // alg none, and HS256 keyed with the public key's bytes
        String none = unsigned(adminClaims("acme"), "k1");
        assertDenied(401, decide(none, path));
        JsonWebSignature hs = new JsonWebSignature();
        hs.setPayload(adminClaims("acme").toJson());
        hs.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        hs.setKeyIdHeaderValue("k1");
        hs.setHeader("typ", "at+jwt");
        hs.setKey(new HmacKey(key.toJson().getBytes(StandardCharsets.UTF_8)));
        assertDenied(401, decide(hs.getCompactSerialization(), path));
        // tampered payload: roles raised after signing
        String viewer = es256(key, c -> c.setStringListClaim("roles", List.of("viewer")), "acme");
        String[] parts = viewer.split("\\.");
        String raised = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                adminClaims("acme").toJson().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertDenied(401, decide(raised, path));
        assertDenied(401, decide("not.a.jwt", path));
        assertDenied(401, decide("x".repeat(9000) + ".y.z", path));
    }

    @Test
    void anRs256KeyCannotVouchForAnEs256HeaderAndViceVersa() throws Exception {
        RsaJsonWebKey rsa = RsaJwkGenerator.generateJwk(2048);
        rsa.setKeyId("r1");
        rsa.setAlgorithm("RS256");
        published.keys.computeIfAbsent("acme", t -> new ArrayList<>()).add(rsa);
        assertInstanceOf(AdminAccess.TenantAdmin.class,
                decide(sign(rsa, "RS256", "at+jwt", adminClaims("acme")), "/admin/v1/tenants/acme/x"));
        EllipticCurveJsonWebKey ec = ecKey("r1");
        assertDenied(401, decide(sign(ec, "ES256", "at+jwt", adminClaims("acme")), "/admin/v1/tenants/acme/x"));
    }

    @Test
    void aRotatedKeyIsPickedUpAtOnceAndKeysAreCached() throws Exception {
        EllipticCurveJsonWebKey first = publish("acme", "k1");
        String path = "/admin/v1/tenants/acme/x";
        assertInstanceOf(AdminAccess.TenantAdmin.class, decide(es256(first, c -> { }, "acme"), path));
        assertInstanceOf(AdminAccess.TenantAdmin.class, decide(es256(first, c -> { }, "acme"), path));
        assertEquals(1, published.reads.get(), "the second request uses the cached keys");
        // rotated right after the read: the new kid is read at once
        EllipticCurveJsonWebKey second = publish("acme", "k2");
        assertInstanceOf(AdminAccess.TenantAdmin.class, decide(es256(second, c -> { }, "acme"), path));
        assertEquals(2, published.reads.get(), "an unknown kid re-reads the JWKS");
        // made-up kids do not hammer the issuer: one re-read a second at most
        EllipticCurveJsonWebKey unknown = ecKey("nope");
        for (int i = 0; i < 5; i++) {
            assertDenied(401, decide(es256(unknown, c -> { }, "acme"), path));
        }
        assertEquals(2, published.reads.get(), "the re-read for k2 was just now");
        Thread.sleep(1100);
        assertDenied(401, decide(es256(unknown, c -> { }, "acme"), path));
        assertEquals(3, published.reads.get(), "a second later an unknown kid may re-read again");
    }

    @Test
    void unknownTenantsAreNotCachedAndAnUnreachableIssuerIsA503() {
        EllipticCurveJsonWebKey key = ecKey("k1");
        assertDenied(401, decide(es256(key, c -> { }, "ghost"), "/admin/v1/tenants/ghost/x"));
        assertDenied(401, decide(es256(key, c -> { }, "ghost"), "/admin/v1/tenants/ghost/x"));
        assertEquals(2, published.reads.get(), "a tenant without keys is read again, never cached");
        published.down = true;
        EllipticCurveJsonWebKey acme = ecKey("k9");
        assertDenied(503, decide(es256(acme, c -> { }, "acme"), "/admin/v1/tenants/acme/x"));
    }

    @Test
    void aTokenWhoseSessionEndedIsRefusedAndAnUncheckableOneIsA503() {
        EllipticCurveJsonWebKey key = publish("acme", "k1");
        String path = "/admin/v1/tenants/acme/connections";
        String token = es256(key, c -> { }, "acme");
        AdminAccess.TenantAdmin admin = assertInstanceOf(AdminAccess.TenantAdmin.class, decide(token, path));
        assertEquals(SID, admin.principal().sessionId());
        assertEquals(SID, standing.asked.get(0).sessionId(), "the token's sid is what is checked");

        standing.ended.add(SID);
        assertDenied(401, decide(token, path));
        AdminAccess.Denied denied = (AdminAccess.Denied) decide(token, path);
        assertTrue(denied.detail().contains("has ended"), denied.detail());
        assertTrue(denied.challenge().contains("invalid_token"), denied.challenge());
        // a token of another session of the same user still opens the API
        assertInstanceOf(AdminAccess.TenantAdmin.class,
                decide(es256(key, c -> c.setClaim("sid", "0e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"), "acme"), path));

        standing.down = true;
        assertDenied(503, decide(es256(key, c -> c.setClaim("sid", "0e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"), "acme"), path));
        // refusals that need no session are answered without asking
        int asked = standing.asked.size();
        assertDenied(403, decide(token, "/admin/v1/tenants/umbrella/connections"));
        assertDenied(403, decide(es256(key, c -> c.setStringListClaim("roles", List.of("viewer")), "acme"), path));
        assertEquals(asked, standing.asked.size());
    }

    @Test
    void aSessionTokenWithoutAUsableSidIsRefused() {
        EllipticCurveJsonWebKey key = publish("acme", "k1");
        String path = "/admin/v1/tenants/acme/connections";
        assertDenied(401, decide(es256(key, c -> c.unsetClaim("sid"), "acme"), path));
        assertDenied(401, decide(es256(key, c -> c.setClaim("sid", "not-a-uuid"), "acme"), path));
        assertDenied(401, decide(es256(key, c -> c.setClaim("sid", SID.toUpperCase()), "acme"), path));
        assertDenied(401, decide(es256(key, c -> c.setClaim("sid", 42), "acme"), path));
        assertTrue(standing.asked.isEmpty(), "nothing was asked for a token without a session");
    }

    @Test
    void aBreakGlassTokenStandsWhileItsCredentialsDo() {
        EllipticCurveJsonWebKey key = publish("acme", "k1");
        String path = "/admin/v1/tenants/acme/connections";
        Consumer<JwtClaims> breakGlass = c -> {
            c.unsetClaim("sid");
            c.setSubject("break-glass:rescue");
            c.setClaim("break_glass", true);
            c.setClaim(AdminAccess.BREAK_GLASS_VERSION, 3);
        };
        String token = es256(key, breakGlass, "acme");
        standing.breakGlassVersions.put("acme", 3L);
        AdminAccess.TenantAdmin admin = assertInstanceOf(AdminAccess.TenantAdmin.class, decide(token, path));
        assertTrue(admin.principal().breakGlass());
        assertEquals(3L, admin.principal().breakGlassVersion());
        standing.breakGlassVersions.put("acme", 4L);   // the operator replaced the password
        assertDenied(401, decide(token, path));
        standing.breakGlassVersions.remove("acme");    // or disabled the account
        assertDenied(401, decide(token, path));
        assertDenied(401, decide(es256(key, breakGlass.andThen(c -> c.unsetClaim(AdminAccess.BREAK_GLASS_VERSION)), "acme"), path));
        assertDenied(401, decide(es256(key, breakGlass.andThen(c -> c.setClaim(AdminAccess.BREAK_GLASS_VERSION, "3")), "acme"), path));
        assertDenied(401, decide(es256(key, breakGlass.andThen(c -> c.setClaim(AdminAccess.BREAK_GLASS_VERSION, 0)), "acme"), path));
    }

    @Test
    void answersAreReusedWithinTheTtlAndFailuresAreNot() throws Exception {
        EllipticCurveJsonWebKey key = publish("acme", "k1");
        String path = "/admin/v1/tenants/acme/connections";
        AdminAccess cached = new AdminAccess(OPERATOR, BASE, AUDIENCE, published, Duration.ofMinutes(5), standing,
                Duration.ofMillis(1500));
        String token = es256(key, c -> { }, "acme");
        standing.down = true;
        assertDenied(503, cached.decide("Bearer " + token, path, false).await().indefinitely());
        standing.down = false;
        assertInstanceOf(AdminAccess.TenantAdmin.class, cached.decide("Bearer " + token, path, false).await().indefinitely());
        assertEquals(2, standing.asked.size(), "a failure is not remembered");
        standing.ended.add(SID);
        assertInstanceOf(AdminAccess.TenantAdmin.class, cached.decide("Bearer " + token, path, false).await().indefinitely());
        assertEquals(2, standing.asked.size(), "within the TTL the answer is reused");
        Thread.sleep(1600);
        assertDenied(401, cached.decide("Bearer " + token, path, false).await().indefinitely());
        assertEquals(3, standing.asked.size());
    }

    @Test
    void pathsNameTheirTenant() {
        assertEquals("acme", AdminPaths.tenantOf("/admin/v1/tenants/acme/connections/c1").orElseThrow());
        assertEquals("acme", AdminPaths.tenantOf("/admin/v1/tenants/acme").orElseThrow());
        assertTrue(AdminPaths.tenantOf("/admin/v1/tenants").isEmpty());
        assertTrue(AdminPaths.tenantOf("/admin/v1/tenants/").isEmpty());
        assertTrue(AdminPaths.tenantOf("/q/health").isEmpty());
    }

    private static String unsigned(JwtClaims claims, String kid) {
        String header = "{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toJson().getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
