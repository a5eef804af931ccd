package io.jitsso.session.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jitsso.session.Fixtures;
import io.jitsso.session.crypto.Jws;
import io.jitsso.session.crypto.JwsAlgorithm;
import io.jitsso.session.crypto.SigningMaterial;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Silent auth accepts only genuine, live client access tokens of the session's tenant. */
@QuarkusTest
class BearerTokenTest {

    private String tenant;
    private Fixtures.App app;
    private Fixtures.Session session;

    @BeforeEach
    void setUp() {
        tenant = Fixtures.newTenant();
        app = Fixtures.newApp(tenant);
        session = Fixtures.openSession(tenant, "ivan", null);
    }

    @Test
    void missingOrNonBearerCredentialsAreUnauthorized() throws Exception {
        rejected(given().contentType(ContentType.JSON).body(Map.of("session_id", session.sessionId())));
        rejected(given().auth().preemptive().basic(app.clientId(), app.secret()).contentType(ContentType.JSON)
                .body(Map.of("session_id", session.sessionId())));
        rejected(bearer("not-a-jwt"));
        rejected(bearer("a.b.c"));
        rejected(bearer("x".repeat(10_000)));
    }

    @Test
    void tokenSignedByAnUnknownKeyIsRejected() throws Exception {
        SigningMaterial real = Fixtures.activeKey(tenant, JwsAlgorithm.ES256);
        PublicJsonWebKey attacker = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        JsonWebSignature jws = jws(clientClaims(tenant, Instant.now().plusSeconds(300)));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setKeyIdHeaderValue(real.kid());
        jws.setKey(attacker.getPrivateKey());
        rejected(bearer(jws.getCompactSerialization()));
    }

    @Test
    void algNoneIsRejected() throws Exception {
        SigningMaterial real = Fixtures.activeKey(tenant, JwsAlgorithm.ES256);
        JsonWebSignature jws = jws(clientClaims(tenant, Instant.now().plusSeconds(300)));
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        jws.setKeyIdHeaderValue(real.kid());
        String unsigned = jws.getCompactSerialization();
        rejected(bearer(unsigned));
        rejected(bearer(unsigned + "c2ln"));
    }

    @Test
    void hs256KeyedWithThePublicKeyIsRejected() throws Exception {
        SigningMaterial rsa = Fixtures.activeKey(tenant, JwsAlgorithm.RS256);
        String jwks = given().get("/t/" + tenant + "/jwks").then().statusCode(200).extract().asString();
        JsonWebKey published = new JsonWebKeySet(jwks).findJsonWebKey(rsa.kid(), null, null, null);
        byte[] publicKeyBytes = ((PublicJsonWebKey) published).getPublicKey().getEncoded();
        for (byte[] hmacKey : new byte[][] {publicKeyBytes, published.toJson().getBytes(StandardCharsets.UTF_8)}) {
            JsonWebSignature jws = jws(clientClaims(tenant, Instant.now().plusSeconds(300)));
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setKeyIdHeaderValue(rsa.kid());
            jws.setKey(new HmacKey(hmacKey));
            jws.setDoKeyValidation(false);
            rejected(bearer(jws.getCompactSerialization()));
        }
    }

    @Test
    void algorithmMustMatchThePinnedKey() throws Exception {
        SigningMaterial es = Fixtures.activeKey(tenant, JwsAlgorithm.ES256);
        SigningMaterial rs = Fixtures.activeKey(tenant, JwsAlgorithm.RS256);
        // an RS256 signature presented under the ES256 key's kid
        String token = Jws.sign(rs, "at+jwt", clientClaims(tenant, Instant.now().plusSeconds(300)).getBytes(StandardCharsets.UTF_8));
        String[] parts = token.split("\\.");
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"alg\":\"RS256\",\"kid\":\"" + es.kid() + "\",\"typ\":\"at+jwt\"}").getBytes(StandardCharsets.UTF_8));
        rejected(bearer(header + "." + parts[1] + "." + parts[2]));
    }

    @Test
    void anotherTenantsKeyCannotSpeakForThisTenant() throws Exception {
        String otherTenant = Fixtures.newTenant();
        SigningMaterial otherKey = Fixtures.activeKey(otherTenant, JwsAlgorithm.ES256);
        String forged = Jws.sign(otherKey, "at+jwt",
                clientClaims(tenant, Instant.now().plusSeconds(300)).getBytes(StandardCharsets.UTF_8));
        rejected(bearer(forged));
    }

    @Test
    void expiredTokensAndTokensOfTheWrongKindAreRejected() throws Exception {
        SigningMaterial key = Fixtures.activeKey(tenant, JwsAlgorithm.ES256);
        rejected(bearer(Jws.sign(key, "at+jwt",
                clientClaims(tenant, Instant.now().minusSeconds(120)).getBytes(StandardCharsets.UTF_8))));
        // an ID token (typ JWT) or a user's access token (aud = the app) is not a client credential
        String userTokens = Fixtures.silentAuth(Fixtures.clientToken(app), session.sessionId()).then().statusCode(200)
                .extract().asString();
        String idToken = io.restassured.path.json.JsonPath.from(userTokens).getString("id_token");
        String userAccessToken = io.restassured.path.json.JsonPath.from(userTokens).getString("access_token");
        rejected(bearer(idToken));
        rejected(bearer(userAccessToken));
        // a genuine token whose payload was edited
        String genuine = Fixtures.clientToken(app);
        String[] parts = genuine.split("\\.");
        String edited = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                clientClaims(tenant, Instant.now().plusSeconds(86_400)).getBytes(StandardCharsets.UTF_8));
        rejected(bearer(parts[0] + "." + edited + "." + parts[2]));
    }

    private void rejected(io.restassured.specification.RequestSpecification request) throws Exception {
        long version = Fixtures.stored(session.id()).version();
        request.post("/v1/auth/session/authenticate").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", containsString("Bearer"));
        request.post("/v1/auth/session/logout").then().statusCode(401);
        assertEquals(version, Fixtures.stored(session.id()).version(), "a rejected request changed the session");
        assertEquals(null, Fixtures.stored(session.id()).endedAt());
    }

    private io.restassured.specification.RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("session_id", session.sessionId()));
    }

    private String clientClaims(String forTenant, Instant expiry) {
        String issuer = Fixtures.issuer(forTenant);
        return "{\"iss\":\"" + issuer + "\",\"sub\":\"" + app.clientId() + "\",\"aud\":\"" + issuer + "\",\"client_id\":\""
                + app.clientId() + "\",\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":" + expiry.getEpochSecond() + "}";
    }

    private static JsonWebSignature jws(String payload) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payload);
        jws.setHeader("typ", "at+jwt");
        return jws;
    }
}
