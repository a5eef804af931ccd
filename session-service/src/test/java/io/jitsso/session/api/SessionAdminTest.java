package io.jitsso.session.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;

import io.jitsso.session.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC C7: list and revoke a user's sessions; revoke all sessions of a connection. */
@QuarkusTest
class SessionAdminTest {

    @Test
    void listsAUsersLiveSessionsWithoutTheirBearerIds() {
        String tenant = Fixtures.newTenant();
        Fixtures.Session one = Fixtures.openSession(tenant, "lena", "okta");
        Fixtures.Session two = Fixtures.openSession(tenant, "lena", null);
        Fixtures.openSession(tenant, "someone-else", null);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).queryParam("subject", "lena")
                .get("/admin/v1/tenants/" + tenant + "/sessions")
                .then().statusCode(200).body("$", hasSize(2)).body("id", hasItems(one.id(), two.id()))
                .body("[0]", not(hasKey("session_id"))).body("[0].amr", equalTo(java.util.List.of("fed", "mfa")));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/" + tenant + "/sessions")
                .then().statusCode(400).body("errors[0].field", equalTo("subject"));
    }

    @Test
    void revokesOneOrAllOfAUser() {
        String tenant = Fixtures.newTenant();
        String token = Fixtures.clientToken(Fixtures.newApp(tenant));
        Fixtures.Session one = Fixtures.openSession(tenant, "mia", null);
        Fixtures.Session two = Fixtures.openSession(tenant, "mia", null);
        Fixtures.Session three = Fixtures.openSession(tenant, "mia", null);
        Fixtures.Session other = Fixtures.openSession(tenant, "noah", null);

        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).delete("/admin/v1/tenants/" + tenant + "/sessions/" + one.id())
                .then().statusCode(204);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).delete("/admin/v1/tenants/" + tenant + "/sessions/" + one.id())
                .then().statusCode(404);
        SilentAuthTest.sessionNotFound(Fixtures.silentAuth(token, one.sessionId()));
        Fixtures.silentAuth(token, two.sessionId()).then().statusCode(200);

        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(Map.of("subject", "mia"))
                .post("/admin/v1/tenants/" + tenant + "/sessions/revocations").then().statusCode(200).body("revoked", equalTo(2));
        SilentAuthTest.sessionNotFound(Fixtures.silentAuth(token, two.sessionId()));
        SilentAuthTest.sessionNotFound(Fixtures.silentAuth(token, three.sessionId()));
        Fixtures.silentAuth(token, other.sessionId()).then().statusCode(200);
    }

    @Test
    void revokesEverySessionOfAConnection() {
        String tenant = Fixtures.newTenant();
        String token = Fixtures.clientToken(Fixtures.newApp(tenant));
        Fixtures.Session viaOkta1 = Fixtures.openSession(tenant, "olga", "okta");
        Fixtures.Session viaOkta2 = Fixtures.openSession(tenant, "paul", "okta");
        Fixtures.Session viaAzure = Fixtures.openSession(tenant, "olga", "azure");
        Fixtures.Session viaOkta3 = Fixtures.openSession(tenant, "quinn", "okta");

        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(Map.of("connection_id", "okta"))
                .post("/admin/v1/tenants/" + tenant + "/sessions/revocations").then().statusCode(200).body("revoked", equalTo(3));
        SilentAuthTest.sessionNotFound(Fixtures.silentAuth(token, viaOkta1.sessionId()));
        SilentAuthTest.sessionNotFound(Fixtures.silentAuth(token, viaOkta2.sessionId()));
        SilentAuthTest.sessionNotFound(Fixtures.silentAuth(token, viaOkta3.sessionId()));
        Fixtures.silentAuth(token, viaAzure.sessionId()).then().statusCode(200);

        // the gateway's route for disconnect: internal credential only
        given().post("/internal/v1/tenants/" + tenant + "/connections/azure/sessions/revocation").then().statusCode(401);
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN)
                .post("/internal/v1/tenants/" + tenant + "/connections/azure/sessions/revocation")
                .then().statusCode(200).body("revoked", equalTo(1));
        SilentAuthTest.sessionNotFound(Fixtures.silentAuth(token, viaAzure.sessionId()));
    }

    @Test
    void theGatewayRevokesASubjectsSessionsThroughTheInternalApi() {
        String tenant = Fixtures.newTenant();
        String token = Fixtures.clientToken(Fixtures.newApp(tenant));
        Fixtures.Session denied = Fixtures.openSession(tenant, "victor", "okta");
        Fixtures.Session other = Fixtures.openSession(tenant, "wanda", "okta");
        String path = "/internal/v1/tenants/" + tenant + "/sessions/revocation";
        given().contentType(ContentType.JSON).body(Map.of("subject", "victor")).post(path).then().statusCode(401);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(Map.of("subject", "victor"))
                .post(path).then().statusCode(401);
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).contentType(ContentType.JSON).body(Map.of("subject", ""))
                .post(path).then().statusCode(400);
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).contentType(ContentType.JSON).body(Map.of("subject", "victor"))
                .post(path).then().statusCode(200).body("revoked", equalTo(1));
        SilentAuthTest.sessionNotFound(Fixtures.silentAuth(token, denied.sessionId()));
        Fixtures.silentAuth(token, other.sessionId()).then().statusCode(200);
    }

    @Test
    void revocationRequestsMustNameExactlyOneTarget() {
        String tenant = Fixtures.newTenant();
        String path = "/admin/v1/tenants/" + tenant + "/sessions/revocations";
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(Map.of())
                .post(path).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("subject", "x", "connection_id", "y")).post(path).then().statusCode(400);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).delete("/admin/v1/tenants/" + tenant + "/sessions/not-a-uuid")
                .then().statusCode(404);
    }

    @Test
    void oneTenantCannotRevokeAnotherTenantsSession() {
        String tenantA = Fixtures.newTenant();
        String tenantB = Fixtures.newTenant();
        String tokenA = Fixtures.clientToken(Fixtures.newApp(tenantA));
        Fixtures.Session ofA = Fixtures.openSession(tenantA, "ruth", "okta");
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).delete("/admin/v1/tenants/" + tenantB + "/sessions/" + ofA.id())
                .then().statusCode(404);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(Map.of("subject", "ruth"))
                .post("/admin/v1/tenants/" + tenantB + "/sessions/revocations").then().statusCode(200).body("revoked", equalTo(0));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).queryParam("subject", "ruth")
                .get("/admin/v1/tenants/" + tenantB + "/sessions").then().statusCode(200).body("$", hasSize(0));
        Fixtures.silentAuth(tokenA, ofA.sessionId()).then().statusCode(200);
    }
}
