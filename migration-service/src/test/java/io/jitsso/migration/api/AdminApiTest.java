package io.jitsso.migration.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jitsso.migration.support.Fixtures;
import io.jitsso.migration.support.GatewayStandIn;
import io.jitsso.migration.support.LegacyApiStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The admin API: sources (secrets encrypted, never returned), user schema, validation; the operator's token or a
 * tenant admin's own access token on that tenant only.
 */
@QuarkusTest
class AdminApiTest {

    private static final String SECRET = "legacy-secret-never-returned-0123456789";

    @Inject
    Pool pool;

    private static Map<String, Object> source(String id) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("type", "http_credential_check");
        body.put("name", "Legacy API");
        body.put("settings", Map.of("url", "https://legacy.example.com/check", "body_template",
                "{\"u\": \"{{identifier}}\", \"p\": \"{{password}}\"}", "secret_header", "X-Api-Key", "subject_field", "id"));
        body.put("secret", SECRET);
        body.put("attribute_mapping", Map.of("email", "mail"));
        return body;
    }

    @Test
    void adminApiNeedsTheOperatorToken() {
        given().get("/admin/v1/tenants/t1/sources").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("wrong-token").get("/admin/v1/tenants/t1/sources").then().statusCode(401);
    }

    @Test
    void tenantAdminsReachTheirOwnTenantOnlyWithTheirOwnAccessToken() {
        String tenant = Fixtures.newTenant();
        String other = Fixtures.newTenant();
        String password = Fixtures.password();
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("username", "rescue", "password", password))
                .put(Fixtures.sessionService() + "/admin/v1/tenants/" + tenant + "/break-glass").then().statusCode(200);
        // the tenant's break-glass admin: an admin access token of this tenant, from session-service
        String admin = given().contentType(ContentType.JSON).body(Map.of("username", "rescue", "password", password))
                .post(Fixtures.sessionService() + "/t/" + tenant + "/break-glass/token")
                .then().statusCode(200).extract().path("access_token");

        given().auth().oauth2(admin).contentType(ContentType.JSON).body(source("legacy"))
                .post("/admin/v1/tenants/" + tenant + "/sources").then().statusCode(201);
        given().auth().oauth2(admin).get("/admin/v1/tenants/" + tenant + "/sources").then().statusCode(200)
                .body("id", hasItem("legacy"));
        given().auth().oauth2(admin).get("/admin/v1/tenants/" + other + "/sources").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(source("legacy"))
                .post("/admin/v1/tenants/" + other + "/sources").then().statusCode(403);
        // an app's client access token of the same tenant is no admin credential
        String appToken = Fixtures.newApp(tenant).token();
        given().auth().oauth2(appToken).get("/admin/v1/tenants/" + tenant + "/sources").then().statusCode(401)
                .contentType("application/problem+json");

        // the operator replaces the break-glass password: the token issued under the old one ends here too
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("username", "rescue", "password", Fixtures.password()))
                .put(Fixtures.sessionService() + "/admin/v1/tenants/" + tenant + "/break-glass").then().statusCode(200);
        given().auth().oauth2(admin).get("/admin/v1/tenants/" + tenant + "/sources").then().statusCode(401)
                .contentType("application/problem+json").body("detail", containsString("replaced or disabled"));
    }

    @Test
    void sourceLifecycleNeverRevealsTheSecret() {
        String tenant = "admin-" + System.nanoTime();
        Fixtures.createSource(tenant, source("legacy")).then().statusCode(201)
                .body("id", equalTo("legacy")).body("has_secret", equalTo(true)).body("$", not(hasKey("secret")))
                .body("status", equalTo("active"));
        Fixtures.createSource(tenant, source("legacy")).then().statusCode(409);
        String listed = given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/" + tenant + "/sources")
                .then().statusCode(200).body("id", hasItem("legacy")).extract().asString();
        assertFalse(listed.contains(SECRET));
        byte[] stored = pool.preparedQuery("select secret_ciphertext from source where tenant_id = $1 and id = 'legacy'")
                .execute(Tuple.of(tenant)).await().atMost(Duration.ofSeconds(5)).iterator().next().getBuffer(0).getBytes();
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains(SECRET), "the secret is stored encrypted");

        Map<String, Object> update = source("legacy");
        update.remove("secret");
        update.put("name", "Renamed");
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(update)
                .put("/admin/v1/tenants/" + tenant + "/sources/legacy").then().statusCode(200)
                .body("name", equalTo("Renamed")).body("has_secret", equalTo(true));
        // the stored secret is never sent to a new host: moving the URL needs the secret again
        Map<String, Object> moved = new LinkedHashMap<>(update);
        moved.put("settings", Map.of("url", "https://collector.attacker.example/check", "body_template",
                "{\"u\": \"{{identifier}}\", \"p\": \"{{password}}\"}", "secret_header", "X-Api-Key", "subject_field", "id"));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(moved)
                .put("/admin/v1/tenants/" + tenant + "/sources/legacy").then().statusCode(400)
                .body("errors.field", hasItem("secret"));
        moved.put("secret", SECRET + "-new");
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(moved)
                .put("/admin/v1/tenants/" + tenant + "/sources/legacy").then().statusCode(200).body("has_secret", equalTo(true));
        // another tenant sees nothing of it
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/other-" + tenant + "/sources/legacy")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).post("/admin/v1/tenants/" + tenant + "/sources/legacy/retirement")
                .then().statusCode(200).body("status", equalTo("retired"));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(update)
                .put("/admin/v1/tenants/" + tenant + "/sources/legacy").then().statusCode(409);
    }

    @Test
    void invalidSourcesAreRefusedFieldByField() {
        String tenant = "admin-" + System.nanoTime();
        Map<String, Object> bad = source("Bad Id");
        bad.put("type", "ldap");
        Fixtures.createSource(tenant, bad).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("id")).body("errors.field", hasItem("type"));
        Map<String, Object> badSettings = source("bad-settings");
        badSettings.put("settings", Map.of("url", "http://legacy.example.com/check", "body_template", "{{password}",
                "subject_field", "id", "surprise", true));
        Fixtures.createSource(tenant, badSettings).then().statusCode(400)
                .body("errors.field", hasItem("settings.url")).body("errors.field", hasItem("settings.body_template"))
                .body("errors.field", hasItem("settings.surprise"));
        Map<String, Object> badMapping = source("bad-mapping");
        badMapping.put("attribute_mapping", Map.of("shoe_size", "shoe"));
        Fixtures.createSource(tenant, badMapping).then().statusCode(400)
                .body("errors.field", hasItem("attribute_mapping.shoe_size"));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body("{\"type\": ")
                .post("/admin/v1/tenants/" + tenant + "/sources").then().statusCode(400).contentType("application/problem+json");
        // a NUL character reaches PostgreSQL, which refuses it: a 400, not a 500
        given().urlEncodingEnabled(false).auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .delete("/admin/v1/tenants/" + tenant + "/journeys/x%00y").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("cannot be used"));
    }

    @Test
    void userSchemaIsValidatedAndBindsSourceMappings() {
        String tenant = "admin-" + System.nanoTime();
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("attributes", List.of(Map.of("name", "sub", "type", "string"),
                        Map.of("name", "Bad Name", "type", "string"), Map.of("name", "size", "type", "colour"))))
                .put("/admin/v1/tenants/" + tenant + "/user-schema").then().statusCode(400)
                .body("errors.field", hasItem("attributes[0].name")).body("errors.field", hasItem("attributes[1].name"))
                .body("errors.field", hasItem("attributes[2].type"));
        Fixtures.putSchema(tenant, List.of(Map.of("name", "department", "type", "string", "required", true)));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/" + tenant + "/user-schema").then()
                .statusCode(200).body("attributes[0].name", equalTo("department")).body("attributes[0].required", equalTo(true));
        // a source must map every required attribute
        Fixtures.createSource(tenant, source("no-department")).then().statusCode(400)
                .body("errors.field", hasItem("attribute_mapping.department"));
        Map<String, Object> mapped = source("with-department");
        mapped.put("attribute_mapping", Map.of("email", "mail", "department", "/profile/dept"));
        Fixtures.createSource(tenant, mapped).then().statusCode(201);
        // and a schema that an active source does not satisfy is refused
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("attributes", List.of(Map.of("name", "department", "type", "string", "required", true),
                        Map.of("name", "cost_center", "type", "number", "required", true))))
                .put("/admin/v1/tenants/" + tenant + "/user-schema").then().statusCode(400)
                .body("errors.field", hasItem("sources.with-department.attribute_mapping.cost_center"));
    }

    @Test
    void userSchemaBindsTheGatewaysConnectionsAndIsReadInternally() {
        String tenant = "admin-" + System.nanoTime();
        GatewayStandIn.mapping(tenant, "conn-a", List.of("department"));
        GatewayStandIn.mapping(tenant, "conn-b", List.of());
        // a connection maps department: it stays in the schema
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("attributes", List.of(Map.of("name", "cost_center", "type", "number"))))
                .put("/admin/v1/tenants/" + tenant + "/user-schema").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("connections.conn-a.attribute_mappings.custom.department"));
        // a required attribute that conn-b does not map would refuse its sign-ins
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("attributes", List.of(Map.of("name", "department", "type", "string", "required", true))))
                .put("/admin/v1/tenants/" + tenant + "/user-schema").then().statusCode(400)
                .body("errors.field", hasItem("connections.conn-b.attribute_mappings.custom.department"))
                .body("errors.field", not(hasItem("connections.conn-a.attribute_mappings.custom.department")));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/" + tenant + "/user-schema").then()
                .statusCode(200).body("attributes", hasSize(0));
        Fixtures.putSchema(tenant, List.of(Map.of("name", "department", "type", "string"),
                Map.of("name", "hired", "type", "date")));
        // the gateway reads it with the internal token, and only with it
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).get("/internal/v1/tenants/" + tenant + "/user-schema").then()
                .statusCode(200).body("attributes.name", contains("department", "hired"))
                .body("attributes.type", contains("string", "date"));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/internal/v1/tenants/" + tenant + "/user-schema").then()
                .statusCode(401);
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).get("/internal/v1/tenants/Not_A_Tenant/user-schema").then()
                .statusCode(404).contentType("application/problem+json");
        // a gateway that cannot answer: the schema is not saved unchecked
        GatewayStandIn.unavailable(tenant);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("attributes", List.of()))
                .put("/admin/v1/tenants/" + tenant + "/user-schema").then().statusCode(503)
                .contentType("application/problem+json");
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/" + tenant + "/user-schema").then()
                .statusCode(200).body("attributes.name", contains("department", "hired"));
    }

    @Test
    void oneTimeCodeSourcesAreAccepted() throws Exception {
        String tenant = "admin-" + System.nanoTime();
        try (LegacyApiStandIn legacy = new LegacyApiStandIn()) {
            Fixtures.createSource(tenant, Map.of("id", "otp", "type", "one_time_code", "name", "Codes",
                    "settings", legacy.oneTimeCodeSettings(), "attribute_mapping", Map.of())).then().statusCode(201);
        }
    }
}
