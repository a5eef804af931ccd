package io.jitsso.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jitsso.contracts.crypto.KeyEncryptor;
import io.jitsso.gateway.support.Fixtures;
import io.jitsso.gateway.support.ForgingSamlIdp;
import io.jitsso.gateway.support.SamlFixtures;
import io.jitsso.testing.PostgresDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.DriverManager;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The admin API for SAML connections: the IdP typed in or from metadata, the SP side, validation. */
@QuarkusTest
class SamlConnectionAdminTest {

    private static final String BASE = "/admin/v1/tenants/";
    private static final ForgingSamlIdp IDP = ForgingSamlIdp.create("https://idp.example.test/" + UUID.randomUUID());

    @Test
    void createShowsTheSpSideAndStoresItsPrivateKeyEncrypted() throws Exception {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Response created = given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(SamlFixtures.body(app, IDP, Map.of(), Map.of())).post(BASE + app.tenant() + "/connections");
        String id = created.path("id");
        created.then().statusCode(201)
                .body("protocol", equalTo("saml"))
                .body("saml.entity_id", equalTo(IDP.entityId()))
                .body("saml.sso_url", equalTo(SamlFixtures.IDP_SSO_URL))
                .body("saml.certificates", hasItem(startsWith("-----BEGIN CERTIFICATE-----")))
                .body("saml.roles_attribute", equalTo("Role"))
                .body("saml.sign_authn_requests", equalTo(false))
                .body("saml.allow_idp_initiated", equalTo(false))
                .body("saml.clock_skew_seconds", equalTo(60))
                .body("saml.sp_entity_id", equalTo(Fixtures.gateway() + "/saml/" + id + "/metadata"))
                .body("saml.acs_url", equalTo(Fixtures.gateway() + "/saml/" + id + "/acs"))
                .body("saml.sp_certificate", startsWith("-----BEGIN CERTIFICATE-----"))
                .body("client_secret_set", nullValue())
                .body("upstream_redirect_uri", nullValue())
                .body("jit", equalTo(true))
                .body("login_url", startsWith(Fixtures.gateway() + "/login/" + app.tenant() + "/"));
        assertFalse(created.asString().contains("PRIVATE"), "the SP private key never leaves the gateway");

        try (var db = DriverManager.getConnection(PostgresDatabase.jdbcUrl(PostgresDatabase.named("jitsso_gateway_test")),
                PostgresDatabase.USER, PostgresDatabase.PASSWORD);
                var query = db.prepareStatement("select client_secret, saml::text from connection where id = ?")) {
            query.setString(1, id);
            var row = query.executeQuery();
            row.next();
            byte[] stored = row.getBytes(1);
            assertFalse(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1).contains("MII"), "not stored in clear");
            String privateKey = new String(new KeyEncryptor(Fixtures.GATEWAY_MASTER_KEY).decrypt(stored,
                    "connection-secret|" + app.tenant() + "|" + id), java.nio.charset.StandardCharsets.US_ASCII);
            byte[] pkcs8 = Base64.getDecoder().decode(privateKey);
            assertEquals("RSA", KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)).getAlgorithm());
            String log = java.nio.file.Files.readString(java.nio.file.Path.of("target/sso-gateway-test.log"));
            assertFalse(log.contains(privateKey.substring(40, 100)), "the SP private key never reaches the log");
            assertFalse(row.getString(2).contains("PRIVATE"));
        }

        // an update keeps the SP key pair; the protocol cannot change
        String certificate = created.path("saml.sp_certificate");
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(SamlFixtures.body(app, IDP, Map.of("allow_idp_initiated", true), Map.of("name", "Renamed")))
                .put(BASE + app.tenant() + "/connections/" + id)
                .then().statusCode(200).body("name", equalTo("Renamed")).body("saml.allow_idp_initiated", equalTo(true))
                .body("saml.sp_certificate", equalTo(certificate));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Fixtures.connectionBody(app, "https://idp.example.test", Map.of()))
                .put(BASE + app.tenant() + "/connections/" + id)
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("protocol"));
    }

    @Test
    void theIdpCanComeFromItsMetadata() {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Map<String, Object> saml = new HashMap<>();
        saml.put("metadata_xml", IDP.metadataXml("https://idp.example.test/saml/redirect"));
        saml.put("entity_id", null);
        saml.put("sso_url", null);
        saml.put("certificates", null);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(SamlFixtures.body(app, IDP, saml, Map.of())).post(BASE + app.tenant() + "/connections")
                .then().log().ifValidationFails().statusCode(201)
                .body("saml.entity_id", equalTo(IDP.entityId()))
                .body("saml.sso_url", equalTo("https://idp.example.test/saml/redirect"))
                .body("saml.certificates.size()", equalTo(1));
    }

    @Test
    void invalidSettingsAreListedFieldByField() {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        assertFieldErrors(app, Map.of("protocol", "saml", "saml", Map.of()), "saml.entity_id", "saml.sso_url", "saml.certificates");
        assertFieldErrors(app, SamlFixtures.body(app, IDP, Map.of("certificates", List.of("-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----"),
                "sso_url", "http://idp.example.test/sso"), Map.of()), "saml.certificates[0]", "saml.sso_url");
        assertFieldErrors(app, SamlFixtures.body(app, IDP, Map.of("metadata_xml", IDP.metadataXml("https://x.test")), Map.of()),
                "saml.metadata_xml");
        Map<String, Object> dtd = new HashMap<>();
        dtd.put("metadata_xml", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>");
        dtd.put("entity_id", null);
        dtd.put("sso_url", null);
        dtd.put("certificates", null);
        assertFieldErrors(app, SamlFixtures.body(app, IDP, dtd, Map.of()), "saml.metadata_xml");
        Map<String, Object> byUrl = new HashMap<>();
        byUrl.put("entity_id", null);
        byUrl.put("sso_url", null);
        byUrl.put("certificates", null);
        byUrl.put("metadata_url", "http://idp.example.test/metadata");
        assertFieldErrors(app, SamlFixtures.body(app, IDP, byUrl, Map.of()), "saml.metadata_url");
        byUrl.put("metadata_url", "http://127.0.0.1:1/metadata");
        assertFieldErrors(app, SamlFixtures.body(app, IDP, byUrl, Map.of()), "saml.metadata_url");
        byUrl.put("metadata_url", Fixtures.gateway() + "/q/health");
        assertFieldErrors(app, SamlFixtures.body(app, IDP, byUrl, Map.of()), "saml.metadata_url");
        Map<String, Object> noRoles = new HashMap<>();
        noRoles.put("roles_attribute", null);
        assertFieldErrors(app, SamlFixtures.body(app, IDP, noRoles, Map.of()), "saml.roles_attribute");
        assertFieldErrors(app, SamlFixtures.body(app, IDP, Map.of("roles_attribute", "has \"quotes\""), Map.of(
                "client_secret", "x", "attribute_mappings", Map.of("email", "bad\"name"))),
                "saml.roles_attribute", "protocol", "attribute_mappings.email");
    }

    /** The clock skew is the connection's own, 0 to 300 s; anything else is a field error. */
    @Test
    void clockSkewIsBoundedOnSave() {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        for (int valid : List.of(0, 300)) {
            given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                    .body(SamlFixtures.body(app, IDP, Map.of("clock_skew_seconds", valid), Map.of()))
                    .post(BASE + app.tenant() + "/connections")
                    .then().log().ifValidationFails().statusCode(201).body("saml.clock_skew_seconds", equalTo(valid));
        }
        for (Object invalid : List.of(301, -1, 86400)) {
            assertFieldErrors(app, SamlFixtures.body(app, IDP, Map.of("clock_skew_seconds", invalid), Map.of()),
                    "saml.clock_skew_seconds");
        }
    }

    private static void assertFieldErrors(Fixtures.App app, Map<String, Object> body, String... fields) {
        Map<String, Object> complete = new HashMap<>(Map.of("name", "n", "app_client_id", app.clientId(),
                "app_redirect_uri", app.redirectUri()));
        complete.putAll(body);
        var response = given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(complete)
                .post(BASE + app.tenant() + "/connections").then().log().ifValidationFails().statusCode(400)
                .contentType("application/problem+json");
        for (String field : fields) {
            response.body("errors.field", hasItem(field));
        }
    }
}
