package io.jitsso.session.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.jitsso.session.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SPEC A11 on this service's admin API: a user's access token for the tenant's admin portal app,
 * carrying owner or admin, opens that tenant's paths and nothing else.
 */
@QuarkusTest
class AdminTokenTest {

    /** The admin portal app of a tenant and tokens of a user with {@code roles} obtained by silent auth. */
    private static Response portalTokens(String tenant, List<String> roles) {
        Map<String, Object> app = Map.of("client_id", "admin-portal", "name", "Admin portal");
        Response registered = given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(app)
                .post("/admin/v1/tenants/" + tenant + "/apps");
        String secret = registered.statusCode() == 201 ? registered.path("client_secret") : null;
        if (secret != null) {
            PORTAL_SECRETS.put(tenant, secret);
        }
        Fixtures.App portal = new Fixtures.App(tenant, "admin-portal", PORTAL_SECRETS.get(tenant));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant_id", tenant);
        body.put("subject", "user-" + roles);
        body.put("amr", List.of("fed"));
        body.put("claims", Map.of("roles", roles));
        String sessionId = given().auth().oauth2(Fixtures.INTERNAL_TOKEN).contentType(ContentType.JSON).body(body)
                .post("/internal/v1/sessions").then().statusCode(201).extract().path("session_id");
        Fixtures.ISSUED_SECRETS.add(sessionId);
        LAST_SESSION.set(sessionId);
        Response tokens = Fixtures.silentAuth(Fixtures.clientToken(portal), sessionId);
        tokens.then().statusCode(200);
        Fixtures.ISSUED_SECRETS.add(tokens.path("access_token"));
        return tokens;
    }

    /** The session id (the tokens' sid) a portal token was minted from. */
    private static String sid(String accessToken) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        return new io.vertx.core.json.JsonObject(payload).getString("sid");
    }

    /** The bearer session id of the last portal session opened by this test class. */
    private static final ThreadLocal<String> LAST_SESSION = new ThreadLocal<>();

    private static final Map<String, String> PORTAL_SECRETS = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void anAdminsPortalTokenOpensItsTenantsAdminApiOnly() {
        String tenant = Fixtures.newTenant();
        String other = Fixtures.newTenant();
        String admin = portalTokens(tenant, List.of("admin")).path("access_token");

        given().auth().oauth2(admin).get("/admin/v1/tenants/" + tenant + "/apps").then().statusCode(200);
        given().auth().oauth2(admin).get("/admin/v1/tenants/" + tenant).then().statusCode(200).body("id", equalTo(tenant));
        given().auth().oauth2(admin).get("/admin/v1/tenants/" + other + "/apps").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("another tenant"));
        given().auth().oauth2(admin).get("/admin/v1/tenants").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("id", "x-" + tenant, "name", "x"))
                .post("/admin/v1/tenants").then().statusCode(403);
        given().auth().oauth2(admin).get("/admin/v1/tenants/" + tenant + "/break-glass").then().statusCode(403);
        // the internal API never takes admin tokens
        given().auth().oauth2(admin).get("/internal/v1/tenants/" + tenant + "/apps/admin-portal").then().statusCode(401);
    }

    @Test
    void viewersIdTokensAndClientTokensAreRefused() {
        String tenant = Fixtures.newTenant();
        Response viewer = portalTokens(tenant, List.of("viewer", "editor"));
        given().auth().oauth2((String) viewer.path("access_token")).get("/admin/v1/tenants/" + tenant + "/apps")
                .then().statusCode(403).contentType("application/problem+json");
        Response owner = portalTokens(tenant, List.of("owner"));
        given().auth().oauth2((String) owner.path("access_token")).get("/admin/v1/tenants/" + tenant + "/apps")
                .then().statusCode(200);
        given().auth().oauth2((String) owner.path("id_token")).get("/admin/v1/tenants/" + tenant + "/apps")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("invalid_token"));
        String clientToken = Fixtures.clientToken(new Fixtures.App(tenant, "admin-portal", PORTAL_SECRETS.get(tenant)));
        given().auth().oauth2(clientToken).get("/admin/v1/tenants/" + tenant + "/apps").then().statusCode(401);
        // another app's user token (audience is that app, not the portal)
        Fixtures.App app = Fixtures.newApp(tenant);
        Fixtures.Session session = Fixtures.openSession(tenant, "someone", null);
        String appToken = Fixtures.silentAuth(Fixtures.clientToken(app), session.sessionId()).path("access_token");
        given().auth().oauth2(appToken).get("/admin/v1/tenants/" + tenant + "/apps").then().statusCode(401);
    }

    @Test
    void aTokenSignedBeforeAKeyRotationStillWorksAndOneAfterItToo() {
        String tenant = Fixtures.newTenant();
        String before = portalTokens(tenant, List.of("admin")).path("access_token");
        given().auth().oauth2(before).get("/admin/v1/tenants/" + tenant + "/apps").then().statusCode(200);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).post("/admin/v1/tenants/" + tenant + "/keys/rotation")
                .then().statusCode(200);
        String after = portalTokens(tenant, List.of("admin")).path("access_token");
        given().auth().oauth2(after).get("/admin/v1/tenants/" + tenant + "/apps").then().statusCode(200);
        given().auth().oauth2(before).get("/admin/v1/tenants/" + tenant + "/apps").then().statusCode(200);
    }

    @Test
    void anAdminTokenStopsOpeningTheApiOnceItsSessionEnds() {
        String tenant = Fixtures.newTenant();
        Response first = portalTokens(tenant, List.of("admin"));
        String admin = first.path("access_token");
        String apps = "/admin/v1/tenants/" + tenant + "/apps";
        given().auth().oauth2(admin).get(apps).then().statusCode(200);

        // the operator revokes the session the token was minted from (SPEC C7)
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).delete("/admin/v1/tenants/" + tenant + "/sessions/" + sid(admin))
                .then().statusCode(204);
        given().auth().oauth2(admin).get(apps).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("invalid_token"))
                .body("detail", containsString("session this access token was issued from has ended"));
        // the same user's token from another, live session still opens it
        String second = portalTokens(tenant, List.of("admin")).path("access_token");
        given().auth().oauth2(second).get(apps).then().statusCode(200);
        // a logout ends it as well
        Fixtures.logout(Fixtures.clientToken(new Fixtures.App(tenant, "admin-portal", PORTAL_SECRETS.get(tenant))),
                LAST_SESSION.get()).then().statusCode(204);
        given().auth().oauth2(second).get(apps).then().statusCode(401);
    }

    @Test
    void theInternalStatusApiAnswersForItsTenantOnlyAndOnlyToServices() {
        String tenant = Fixtures.newTenant();
        String other = Fixtures.newTenant();
        String admin = portalTokens(tenant, List.of("admin")).path("access_token");
        String sid = sid(admin);
        String status = "/internal/v1/tenants/" + tenant + "/sessions/" + sid + "/status";
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).get(status).then().statusCode(200).body("active", equalTo(true));
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).get("/internal/v1/tenants/" + other + "/sessions/" + sid + "/status")
                .then().statusCode(200).body("active", equalTo(false));
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN)
                .get("/internal/v1/tenants/" + tenant + "/sessions/" + java.util.UUID.randomUUID() + "/status")
                .then().statusCode(200).body("active", equalTo(false));
        given().get(status).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(admin).get(status).then().statusCode(401);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get(status).then().statusCode(401);
        for (String bad : List.of("not-a-uuid", sid.toUpperCase(), "x".repeat(300))) {
            given().auth().oauth2(Fixtures.INTERNAL_TOKEN).get("/internal/v1/tenants/" + tenant + "/sessions/" + bad + "/status")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        String breakGlass = "/internal/v1/tenants/" + tenant + "/break-glass/status";
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).queryParam("version", 1).get(breakGlass)
                .then().statusCode(200).body("active", equalTo(false));
        for (String bad : List.of("0", "-1", "x", "99999999999999999999")) {
            given().auth().oauth2(Fixtures.INTERNAL_TOKEN).queryParam("version", bad).get(breakGlass)
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).get(breakGlass).then().statusCode(400);
    }
}
