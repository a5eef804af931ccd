package io.jitsso.session.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.session.Fixtures;
import io.jitsso.session.persistence.BreakGlassStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The break-glass local admin of a tenant (SPEC A11): managed by the operator, audited, rate limited, locking. */
@QuarkusTest
class BreakGlassTest {

    static String newPassword() {
        String password = "bg-" + UUID.randomUUID() + "-" + UUID.randomUUID();
        Fixtures.ISSUED_SECRETS.add(password);
        return password;
    }

    static Response set(String tenant, String username, String password) {
        return given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .put("/admin/v1/tenants/" + tenant + "/break-glass");
    }

    static Response signIn(String tenant, String username, String password) {
        return signIn(tenant, username, password, null);
    }

    /** A sign-in from {@code address}, as the test profile's trusted proxy (127.0.0.1) forwards it; null: 127.0.0.1. */
    static Response signIn(String tenant, String username, String password, String address) {
        var request = given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password));
        if (address != null) {
            request = request.header("X-Forwarded-For", address);
        }
        Response response = request.post("/t/" + tenant + "/break-glass/token");
        if (response.statusCode() == 200) {
            Fixtures.ISSUED_SECRETS.add(response.path("access_token"));
        }
        return response;
    }

    static List<Map<String, Object>> auditEntries(String tenant) {
        return given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/" + tenant + "/break-glass/audit")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    static List<String> auditActions(String tenant) {
        return given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/" + tenant + "/break-glass/audit")
                .then().statusCode(200).extract().jsonPath().getList("action");
    }

    @Test
    void theOperatorSetsItAndItsTokenOpensOnlyItsTenantsAdminApi() throws Exception {
        String tenant = Fixtures.newTenant();
        String other = Fixtures.newTenant();
        String password = newPassword();
        String body = set(tenant, "rescue", password).then().statusCode(200)
                .body("username", equalTo("rescue")).body("enabled", equalTo(true)).body("password", nullValue())
                .extract().asString();
        assertFalse(body.contains(password), "the password is never returned");
        try (var db = Fixtures.database();
                var query = db.prepareStatement("select password_hash from break_glass_admin where tenant_id = ?")) {
            query.setString(1, tenant);
            var rows = query.executeQuery();
            assertTrue(rows.next());
            assertTrue(rows.getString(1).startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
        }

        Response token = signIn(tenant, "rescue", password);
        token.then().statusCode(200).header("Cache-Control", "no-store").body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900));
        String accessToken = token.path("access_token");
        Map<String, Object> claims = claims(accessToken);
        assertEquals(Fixtures.issuer(tenant), claims.get("iss"));
        assertEquals("admin-portal", claims.get("aud"));
        assertEquals(List.of("admin"), claims.get("roles"));
        assertEquals(List.of("pwd"), claims.get("amr"));
        assertEquals(true, claims.get("break_glass"));

        given().auth().oauth2(accessToken).get("/admin/v1/tenants/" + tenant + "/apps").then().statusCode(200);
        given().auth().oauth2(accessToken).get("/admin/v1/tenants/" + tenant + "/break-glass/audit").then().statusCode(200);
        given().auth().oauth2(accessToken).get("/admin/v1/tenants/" + other + "/apps").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(accessToken).get("/admin/v1/tenants").then().statusCode(403);
        // it cannot manage itself: that stays the operator's
        given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("username", "rescue", "password", newPassword()))
                .put("/admin/v1/tenants/" + tenant + "/break-glass").then().statusCode(403);
        given().auth().oauth2(accessToken).delete("/admin/v1/tenants/" + tenant + "/break-glass").then().statusCode(403);
        assertEquals(List.of("sign_in_succeeded", "created"), auditActions(tenant));
    }

    @Test
    void aTokenEndsWhenTheOperatorReplacesOrDisablesTheCredentialsButNotOnALockout() {
        String tenant = Fixtures.newTenant();
        String password = newPassword();
        set(tenant, "rescue", password).then().statusCode(200);
        String first = signIn(tenant, "rescue", password).then().statusCode(200).extract().path("access_token");
        Object version = claims(first).get("break_glass_version");
        assertEquals(1, version, "the first credentials are version 1");
        String apps = "/admin/v1/tenants/" + tenant + "/apps";
        given().auth().oauth2(first).get(apps).then().statusCode(200);

        // someone fails the password until their address is locked out: the admin at work keeps their token
        for (int i = 0; i < 3; i++) {
            signIn(tenant, "rescue", "wrong-" + i).then().statusCode(401);
        }
        assertTrue(auditActions(tenant).contains("address_locked"));
        signIn(tenant, "rescue", password).then().statusCode(401);
        given().auth().oauth2(first).get(apps).then().statusCode(200);

        // the operator replaces the password: every token issued under the old one ends
        String rotated = newPassword();
        set(tenant, "rescue", rotated).then().statusCode(200);
        given().auth().oauth2(first).get(apps).then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("replaced or disabled"));
        String second = signIn(tenant, "rescue", rotated).then().statusCode(200).extract().path("access_token");
        assertEquals(2, claims(second).get("break_glass_version"));
        given().auth().oauth2(second).get(apps).then().statusCode(200);

        // and disables the account: its tokens end too
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).delete("/admin/v1/tenants/" + tenant + "/break-glass")
                .then().statusCode(204);
        given().auth().oauth2(second).get(apps).then().statusCode(401);
        // setting it again does not bring old tokens back
        set(tenant, "rescue", newPassword()).then().statusCode(200);
        given().auth().oauth2(first).get(apps).then().statusCode(401);
        given().auth().oauth2(second).get(apps).then().statusCode(401);
    }

    @Inject
    BreakGlassStore store;

    /** Counts run while each failure follows the one before within the window (ADR-30), for the account and an address. */
    @Test
    void failuresSpreadWiderThanTheWindowNeverAddUpToALock() {
        String tenant = Fixtures.newTenant();
        set(tenant, "rescue", newPassword()).then().statusCode(200);
        java.time.Duration window = java.time.Duration.ofMinutes(15);
        java.time.Instant start = java.time.Instant.now().plus(java.time.Duration.ofDays(1));
        java.util.function.Function<java.time.Instant, BreakGlassStore.Account> account = at -> store.pool()
                .withTransaction(sql -> store.recordFailure(sql, tenant, 3, at.plus(window), at, at.minus(window)))
                .await().atMost(java.time.Duration.ofSeconds(10));
        java.util.function.Function<java.time.Instant, Boolean> address = at -> store.pool()
                .withTransaction(sql -> store.recordAddressFailure(sql, tenant, "192.0.2.77", 3, at.plus(window), at,
                        at.minus(window)))
                .await().atMost(java.time.Duration.ofSeconds(10));
        // three failures, each 20 minutes after the one before: every one starts a new count
        for (int i = 0; i < 3; i++) {
            java.time.Instant at = start.plus(java.time.Duration.ofMinutes(20L * i));
            assertEquals(1, account.apply(at).failedAttempts(), "failure " + i);
            assertFalse(address.apply(at), "failure " + i);
        }
        // three within the window: the third locks both
        java.time.Instant later = start.plus(java.time.Duration.ofHours(2));
        assertFalse(address.apply(later));
        account.apply(later);
        assertFalse(address.apply(later.plusSeconds(60)));
        account.apply(later.plusSeconds(60));
        assertTrue(address.apply(later.plusSeconds(120)));
        assertTrue(account.apply(later.plusSeconds(120)).lockedAt(later.plusSeconds(121)));
    }

    @Test
    void aForwardedForFromAPeerThatIsNoTrustedProxyChangesNothing() {
        String tenant = Fixtures.newTenant();
        String password = newPassword();
        set(tenant, "rescue", password).then().statusCode(200);
        // by default no proxy is trusted: three wrong passwords "from" three addresses are three from 127.0.0.1
        for (String claimed : List.of("198.51.100.1", "198.51.100.2", "198.51.100.3")) {
            signIn(tenant, "rescue", "wrong", claimed).then().statusCode(401);
        }
        signIn(tenant, "rescue", password, "198.51.100.4").then().statusCode(401);
        List<Map<String, Object>> audit = auditEntries(tenant);
        assertEquals("address_locked", audit.get(0).get("reason"), "127.0.0.1 is locked out, whatever it claims");
        assertTrue(audit.stream().allMatch(entry -> entry.get("client_ip") == null || "127.0.0.1".equals(entry.get("client_ip"))),
                () -> "an address the client claimed reached the audit: " + audit);
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameAnswerAndTheAuditTellsThemApart() {
        String tenant = Fixtures.newTenant();
        String password = newPassword();
        set(tenant, "rescue", password).then().statusCode(200);
        Response wrongPassword = signIn(tenant, "rescue", password + "x");
        Response unknownUser = signIn(tenant, "someone", password);
        Response noAccount = signIn(Fixtures.newTenant(), "rescue", password);
        for (Response response : List.of(wrongPassword, unknownUser, noAccount)) {
            response.then().statusCode(401).contentType("application/problem+json");
        }
        assertEquals((String) wrongPassword.path("detail"), unknownUser.path("detail"));
        assertEquals((String) wrongPassword.path("detail"), noAccount.path("detail"));
        List<Map<String, Object>> audit = given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .get("/admin/v1/tenants/" + tenant + "/break-glass/audit").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertEquals("unknown_user", audit.get(0).get("reason"));
        assertEquals("wrong_password", audit.get(1).get("reason"));
        assertTrue(audit.get(0).get("client_ip") != null);
    }

    @Test
    void aDisabledAccountCannotSignInAndItsTrailStays() {
        String tenant = Fixtures.newTenant();
        String password = newPassword();
        set(tenant, "rescue", password).then().statusCode(200);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).delete("/admin/v1/tenants/" + tenant + "/break-glass")
                .then().statusCode(204);
        signIn(tenant, "rescue", password).then().statusCode(401);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/" + tenant + "/break-glass")
                .then().statusCode(200).body("enabled", equalTo(false));
        assertEquals(List.of("sign_in_failed", "disabled", "created"), auditActions(tenant));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).delete("/admin/v1/tenants/" + Fixtures.newTenant() + "/break-glass")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void badInputIsAProblemNotAFailure() {
        String tenant = Fixtures.newTenant();
        set(tenant, "Bad Name", newPassword()).then().statusCode(400).body("errors.field", hasItems("username"));
        set(tenant, "rescue", "short").then().statusCode(400).body("errors.field", hasItems("password"));
        set("no-such-tenant-" + UUID.randomUUID().toString().substring(0, 8), "rescue", newPassword())
                .then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"username\":").post("/t/" + tenant + "/break-glass/token")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("username", "rescue", "password", "p".repeat(300)))
                .post("/t/" + tenant + "/break-glass/token").then().statusCode(400);
        given().get("/admin/v1/tenants/" + tenant + "/break-glass").then().statusCode(401);
        for (String paging : List.of("limit=x", "limit=0", "limit=201", "before=-1", "before=y")) {
            given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/" + tenant + "/break-glass/audit?" + paging)
                    .then().statusCode(400).contentType("application/problem+json");
        }
        // nothing was stored by the refused requests
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/" + tenant + "/break-glass")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> claims(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(payload).getMap("");
    }
}
