package io.jitsso.session.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.session.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC C3: discovery and JWKS per tenant; rotation without breaking validation. */
@QuarkusTest
class DiscoveryAndKeysTest {

    @Test
    void discoveryDescribesTheTenant() {
        String tenant = Fixtures.newTenant();
        String issuer = Fixtures.issuer(tenant);
        given().get("/t/" + tenant + "/.well-known/openid-configuration").then().statusCode(200)
                .body("issuer", equalTo(issuer))
                .body("jwks_uri", equalTo(issuer + "/jwks"))
                .body("token_endpoint", equalTo(issuer + "/oauth2/token"))
                .body("id_token_signing_alg_values_supported", hasItems("ES256", "RS256"))
                .body("token_endpoint_auth_methods_supported", hasItems("client_secret_basic", "client_secret_post"));
        given().get("/t/" + tenant + "/jwks").then().statusCode(200)
                .body("keys.alg", hasItems("ES256", "RS256")).body("keys.use", hasItem("sig"))
                .body("keys.findAll { it.containsKey('d') || it.containsKey('p') || it.containsKey('q') }", org.hamcrest.Matchers.empty());
    }

    @Test
    void unknownTenantsHaveNoMetadata() {
        given().get("/t/no-such-tenant/.well-known/openid-configuration").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/t/no-such-tenant/jwks").then().statusCode(404);
        given().get("/t/NOT..VALID/jwks").then().statusCode(404);
    }

    @Test
    void rotationSignsWithNewKeysWhileOldTokensStillValidate() throws Exception {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        String before = Fixtures.clientToken(app);
        Fixtures.Session session = Fixtures.openSession(tenant, "kim", null);

        List<String> activeKids = given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .post("/admin/v1/tenants/" + tenant + "/keys/rotation")
                .then().statusCode(200).extract().path("active_kids");
        assertEquals(2, activeKids.size());
        String after = Fixtures.clientToken(app);

        assertNotEquals(kid(before), kid(after));
        assertTrue(activeKids.contains(kid(after)));
        given().get("/t/" + tenant + "/jwks").then().body("keys.kid", hasItems(kid(before), kid(after)));
        TokenEndpointTest.consumer(tenant, Fixtures.issuer(tenant)).processToClaims(before);
        TokenEndpointTest.consumer(tenant, Fixtures.issuer(tenant)).processToClaims(after);
        // a client token signed before the rotation is still accepted for silent auth
        Fixtures.silentAuth(before, session.sessionId()).then().statusCode(200);
        // the retired key stays published as long as the longest-lived token it signed: the break-glass admin's 15 min
        try (var connection = Fixtures.database();
                var query = connection.prepareStatement("select publish_until from signing_key where kid = ?")) {
            query.setString(1, kid(before));
            try (var rows = query.executeQuery()) {
                assertTrue(rows.next());
                Instant until = rows.getTimestamp(1).toInstant();
                assertTrue(until.isAfter(Instant.now().plus(Duration.ofMinutes(15))), "published until " + until);
            }
        }

        // once the retired key's window has passed it leaves the JWKS
        Fixtures.execute("update signing_key set publish_until = now() - interval '1 second' where kid = ?", kid(before));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).post("/admin/v1/tenants/" + tenant + "/keys/rotation").then().statusCode(200);
        given().get("/t/" + tenant + "/jwks").then().body("keys.kid", not(hasItem(kid(before))));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).post("/admin/v1/tenants/absent/keys/rotation").then().statusCode(404);
    }

    @Test
    void privateKeysAreEncryptedAtRest() throws Exception {
        String tenant = Fixtures.newTenant();
        var key = Fixtures.activeKey(tenant, io.jitsso.session.crypto.JwsAlgorithm.ES256);
        try (var connection = Fixtures.database();
                var query = connection.prepareStatement("select private_key from signing_key where kid = ?")) {
            query.setString(1, key.kid());
            var rows = query.executeQuery();
            rows.next();
            byte[] stored = rows.getBytes(1);
            byte[] raw = key.privateKeyBytes();
            assertTrue(stored.length > raw.length, "ciphertext carries IV and tag");
            assertTrue(indexOf(stored, raw) < 0, "the raw private key does not appear in the row");
        }
    }

    private static String kid(String token) {
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(header).getString("kid");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
