package io.jitsso.session.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.session.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminApiTest {

    @Test
    void operatorApiRequiresTheOperatorToken() {
        given().get("/admin/v1/tenants").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", containsString("Bearer"));
        given().auth().oauth2("wrong").get("/admin/v1/tenants").then().statusCode(401);
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).get("/admin/v1/tenants").then().statusCode(401);
        given().auth().basic("operator", Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants").then().statusCode(401);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants").then().statusCode(200);
    }

    @Test
    void tenantsAreCreatedOnceWithValidIds() {
        String tenant = Fixtures.newTenant();
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/" + tenant).then().statusCode(200)
                .body("id", equalTo(tenant)).body("issuer", equalTo(Fixtures.issuer(tenant)));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("id", tenant, "name", "again")).post("/admin/v1/tenants")
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("id", "Bad Id!", "name", "x")).post("/admin/v1/tenants")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("id"));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body("{\"id\": ").post("/admin/v1/tenants")
                .then().statusCode(400).contentType("application/problem+json").body("detail", not(containsString("Exception")));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/no-such-tenant").then().statusCode(404);
    }

    @Test
    void appSecretIsShownOnceAndStoredAsArgon2id() throws Exception {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/" + tenant + "/apps")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].client_id", equalTo(app.clientId()))
                .body("[0].client_secret", nullValue()).body("[0].signing_alg", equalTo("ES256"));
        try (var connection = Fixtures.database();
                var query = connection.prepareStatement("select secret_hash from app where tenant_id = ? and client_id = ?")) {
            query.setString(1, tenant);
            query.setString(2, app.clientId());
            var rows = query.executeQuery();
            assertTrue(rows.next());
            String hash = rows.getString(1);
            assertTrue(hash.startsWith("$argon2id$"), hash);
            assertFalse(hash.contains(app.secret()));
        }
    }

    @Test
    void duplicateClientIdConflictsAndUnknownTenantIsNotFound() {
        String tenant = Fixtures.newTenant();
        var body = Map.of("client_id", "portal", "name", "Portal");
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(body)
                .post("/admin/v1/tenants/" + tenant + "/apps").then().statusCode(201);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(body)
                .post("/admin/v1/tenants/" + tenant + "/apps").then().statusCode(409);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(body)
                .post("/admin/v1/tenants/absent-tenant/apps").then().statusCode(404);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "signing_alg", "HS256"))
                .post("/admin/v1/tenants/" + tenant + "/apps").then().statusCode(400).body("errors.field", hasItem("signing_alg"));
    }

    @Test
    void rotatedSecretReplacesTheOldOne() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Fixtures.clientToken(app);
        String newSecret = given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .post("/admin/v1/tenants/" + tenant + "/apps/" + app.clientId() + "/secret")
                .then().statusCode(200).header("Cache-Control", "no-store").extract().path("client_secret");
        Fixtures.ISSUED_SECRETS.add(newSecret);
        assertFalse(newSecret.equals(app.secret()));
        given().auth().preemptive().basic(app.clientId(), app.secret()).formParam("grant_type", "client_credentials")
                .post("/t/" + tenant + "/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        Fixtures.clientToken(new Fixtures.App(tenant, app.clientId(), newSecret));
    }

    @Test
    void deletedAppLosesTokensAndSilentAuth() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        String token = Fixtures.clientToken(app);
        Fixtures.Session session = Fixtures.openSession(tenant, "dora", null);
        Fixtures.silentAuth(token, session.sessionId()).then().statusCode(200);

        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).delete("/admin/v1/tenants/" + tenant + "/apps/" + app.clientId())
                .then().statusCode(204);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/" + tenant + "/apps/" + app.clientId())
                .then().statusCode(404);
        given().auth().preemptive().basic(app.clientId(), app.secret()).formParam("grant_type", "client_credentials")
                .post("/t/" + tenant + "/oauth2/token").then().statusCode(401);
        Fixtures.silentAuth(token, session.sessionId()).then().statusCode(401);
        // nor can its unexpired token end the session (a leaked app is deleted to stop exactly that)
        Fixtures.logout(token, session.sessionId()).then().statusCode(401);
        Fixtures.silentAuth(Fixtures.clientToken(Fixtures.newApp(tenant)), session.sessionId()).then().statusCode(200);
        assertEquals(204, given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .delete("/admin/v1/tenants/" + tenant + "/apps/" + Fixtures.newApp(tenant).clientId()).statusCode());
    }
}
