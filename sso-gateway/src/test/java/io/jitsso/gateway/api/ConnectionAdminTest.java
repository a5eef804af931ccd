package io.jitsso.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.crypto.KeyEncryptor;
import io.jitsso.gateway.support.Fixtures;
import io.jitsso.gateway.support.Migration;
import io.jitsso.testing.PostgresDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connection admin API: CRUD, validation, secrets that never come back and are stored encrypted. */
@QuarkusTest
class ConnectionAdminTest {

    private static final String BASE = "/admin/v1/tenants/";

    @Test
    void createReturnsTheLoginUrlOnceAndNeverTheSecret() throws Exception {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Migration.putSchema(tenant, List.of(Map.of("name", "department", "type", "string")));
        Map<String, Object> body = Fixtures.connectionBody(app, Fixtures.mockIssuer("crud"), Map.of(
                "required_roles", List.of("admin", "editor"),
                "attribute_mappings", Map.of("display_name", "preferred_username", "custom", Map.of("department", "org.dept"))));
        String secret = (String) body.get("client_secret");
        Response created = given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(body)
                .post(BASE + tenant + "/connections");
        created.then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("id", startsWith("conn-"))
                .body("status", equalTo("ACTIVE"))
                .body("protocol", equalTo("oidc"))
                .body("client_secret", nullValue())
                .body("client_secret_set", equalTo(true))
                .body("jit", equalTo(true))
                .body("required_roles_mode", equalTo("any"))
                .body("role_mappings.match", hasItems("exact", "pattern"))
                .body("attribute_mappings.custom.department", equalTo("org.dept"))
                .body("login_url", startsWith(Fixtures.gateway() + "/login/" + tenant + "/"))
                .body("upstream_redirect_uri", equalTo(Fixtures.gateway() + "/oidc/" + created.path("id") + "/callback"));
        assertFalse(created.asString().contains(secret), "the secret never comes back");
        String id = created.path("id");
        String key = ((String) created.path("login_url")).substring(((String) created.path("login_url")).lastIndexOf('/') + 1);
        assertTrue(key.length() >= 43, "at least 256 bits of key");

        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get(BASE + tenant + "/connections/" + id).then().statusCode(200)
                .body("login_url", nullValue()).body("client_secret", nullValue()).body("name", equalTo("Corporate IdP"));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get(BASE + tenant + "/connections").then().statusCode(200)
                .body("id", hasItem(id)).body("client_secret", hasItem(nullValue()));
        assertFalse(given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get(BASE + tenant + "/connections").asString().contains(secret));

        try (var db = DriverManager.getConnection(PostgresDatabase.jdbcUrl(PostgresDatabase.named("jitsso_gateway_test")), PostgresDatabase.USER,
                PostgresDatabase.PASSWORD);
                var query = db.prepareStatement("select client_secret, login_key_hash from connection where id = ?")) {
            query.setString(1, id);
            var row = query.executeQuery();
            assertTrue(row.next());
            byte[] stored = row.getBytes("client_secret");
            assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains(secret), "stored encrypted");
            assertEquals(secret, new String(new KeyEncryptor(Fixtures.GATEWAY_MASTER_KEY).decrypt(stored,
                    "connection-secret|" + tenant + "|" + id), StandardCharsets.UTF_8));
            assertArrayEquals(java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)),
                    row.getBytes("login_key_hash"), "only the key's hash is stored");
        }
    }

    @Test
    void updateReplacesSettingsAndKeepsTheSecretWhenOmitted() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("update"), Map.of());
        Map<String, Object> body = new HashMap<>(Fixtures.connectionBody(app, Fixtures.mockIssuer("update"), Map.of(
                "name", "Renamed", "jit", false, "required_roles_mode", "all", "required_roles", List.of("admin"))));
        body.remove("client_secret");
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(body)
                .put(BASE + tenant + "/connections/" + connection.id())
                .then().statusCode(200).body("name", equalTo("Renamed")).body("jit", equalTo(false))
                .body("required_roles_mode", equalTo("all")).body("client_secret_set", equalTo(true))
                .body("login_url", nullValue());
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(body)
                .put(BASE + tenant + "/connections/conn-missing").then().statusCode(404)
                .contentType(containsString("application/problem+json"));
    }

    @Test
    void everyFieldIsValidated() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Map<String, Object> bad = new HashMap<>(Fixtures.connectionBody(app, "http://idp.example.com", Map.of()));
        bad.put("name", "");
        bad.put("client_secret", null);
        bad.put("role_source", "cookie");
        bad.put("role_claim", "a..b");
        bad.put("role_mappings", List.of(Map.of("match", "pattern", "value", "(a+)+$", "roles", List.of("admin")),
                Map.of("match", "exact", "value", "x", "roles", List.of("Not A Role")),
                Map.of("match", "fuzzy", "value", "x", "roles", List.of("admin"))));
        bad.put("default_role", "Root!");
        bad.put("required_roles", List.of("ADMIN"));
        bad.put("required_roles_mode", "some");
        bad.put("scopes", List.of("has space"));
        bad.put("attribute_mappings", Map.of("email", "\"open", "custom", Map.of("Bad Name", "x")));
        bad.put("app_client_id", "");
        Response response = given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(bad)
                .post(BASE + tenant + "/connections");
        response.then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("errors.field", hasItems("name", "issuer", "client_secret", "role_source", "role_claim",
                        "role_mappings[0]", "role_mappings[1]", "role_mappings[2]", "default_role", "required_roles",
                        "required_roles_mode", "scopes", "attribute_mappings.email", "app_client_id"));
        assertTrue(response.asString().contains("catastrophic"), response.asString());
    }

    @Test
    void issuersMustBeHttpsExceptOnLoopback() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        for (String issuer : List.of("http://idp.example.com/realms/x", "ftp://idp.example.com", "https://idp.example.com?x=1",
                "https://user@idp.example.com", "/relative", "https://idp.example.com/#frag")) {
            given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                    .body(Fixtures.connectionBody(app, issuer, Map.of())).post(BASE + tenant + "/connections")
                    .then().statusCode(400).body("errors.field", hasItem("issuer"));
        }
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Fixtures.connectionBody(app, "https://idp.example.com/realms/x", Map.of()))
                .post(BASE + tenant + "/connections").then().statusCode(201);
    }

    @Test
    void theLoginUrlMustEndAtARegisteredRedirectUriOfAnAppOfTheTenant() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Fixtures.App foreign = Fixtures.newApp(Fixtures.newTenant());
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Fixtures.connectionBody(app, Fixtures.mockIssuer("apps"), Map.of("app_redirect_uri", "https://evil.example/cb")))
                .post(BASE + tenant + "/connections").then().statusCode(400).body("errors.field", hasItem("app_redirect_uri"));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Fixtures.connectionBody(app, Fixtures.mockIssuer("apps"), Map.of("app_client_id", foreign.clientId())))
                .post(BASE + tenant + "/connections").then().statusCode(400).body("errors.field", hasItem("app_client_id"));
    }

    @Test
    void theOperatorTokenIsRequiredAndTenantsAreSeparate() {
        String tenant = Fixtures.newTenant();
        Fixtures.Connection connection = Fixtures.createConnection(Fixtures.newApp(tenant), Fixtures.mockIssuer("auth"), Map.of());
        given().get(BASE + tenant + "/connections").then().statusCode(401).header("WWW-Authenticate", notNullValue());
        given().auth().oauth2("wrong-token").get(BASE + tenant + "/connections").then().statusCode(401);
        String other = Fixtures.newTenant();
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get(BASE + other + "/connections/" + connection.id())
                .then().statusCode(404);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).post(BASE + other + "/connections/" + connection.id() + "/disconnect")
                .then().statusCode(404);
    }

    @Test
    void malformedBodiesAreProblemsNotServerErrors() {
        String tenant = Fixtures.newTenant();
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body("{not json")
                .post(BASE + tenant + "/connections").then().statusCode(400);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body("[1,2]")
                .post(BASE + tenant + "/connections").then().statusCode(400);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body("{\"role_mappings\":\"x\"}")
                .post(BASE + tenant + "/connections").then().statusCode(400);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get(BASE + "UPPER/connections").then().statusCode(400);
    }

    @Test
    void reconnectRotatesTheLoginUrl() {
        String tenant = Fixtures.newTenant();
        Fixtures.Connection connection = Fixtures.createConnection(Fixtures.newApp(tenant), Fixtures.mockIssuer("rotate"), Map.of());
        String rotated = given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .post(BASE + tenant + "/connections/" + connection.id() + "/reconnect")
                .then().statusCode(200).body("status", equalTo("ACTIVE")).extract().path("login_url");
        assertNotEquals(connection.loginUrl(), rotated);
    }
}
