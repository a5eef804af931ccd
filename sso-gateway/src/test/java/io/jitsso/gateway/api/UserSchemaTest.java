package io.jitsso.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.Topics;
import io.jitsso.gateway.support.Browser;
import io.jitsso.gateway.support.Events;
import io.jitsso.gateway.support.Fixtures;
import io.jitsso.gateway.support.ForgingSamlIdp;
import io.jitsso.gateway.support.Migration;
import io.jitsso.gateway.support.MigrationServiceProcess;
import io.jitsso.gateway.support.SamlFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Federated profiles are mapped onto the tenant's user schema, which migration-service keeps (SPEC A4, B3;
 * ADR-32): values typed and normalized, a profile that does not fit refused before anything is recorded (after the
 * access policy), connections and schemas checked against each other on save. The real migration-service runs
 * beside the gateway.
 */
@QuarkusTest
class UserSchemaTest {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(30);
    private static final List<Map<String, Object>> TYPED = List.of(
            Map.of("name", "department", "type", "string"),
            Map.of("name", "cost_center", "type", "number"),
            Map.of("name", "hired", "type", "date"),
            Map.of("name", "contractor", "type", "boolean"));

    @Test
    void customAttributesAreTypedByTheSchema() {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Migration.putSchema(app.tenant(), TYPED);
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("schema-typed"), Map.of(
                "attribute_mappings", Map.of("custom", Map.of("department", "org.dept", "cost_center", "cc",
                        "hired", "hired", "contractor", "contractor"))));
        String user = "tess-" + UUID.randomUUID();
        Browser.Result result = Fixtures.browser().signIn(connection.loginUrl(), user,
                "{\"org\":{\"dept\":\" R&D \"},\"cc\":\"1.5E3\",\"hired\":\"2024-02-29\",\"contractor\":\"TRUE\","
                        + "\"nick\":\"tt\",\"roles\":[\"corp-admins\"]}", app.redirectUri());
        Response tokens = Fixtures.exchange(app, result.parameter("code"), null);
        tokens.then().statusCode(200);
        Map<String, String> expected = Map.of("department", "R&D", "cost_center", "1500", "hired", "2024-02-29",
                "contractor", "true");
        assertEquals(expected, Fixtures.claims(tokens.path("id_token")).get("attributes"));
        Events.Event event = Events.await(Topics.SIGNIN_SUCCEEDED,
                e -> user.equals(e.value().path("upstream_subject").asText()), EVENT_WAIT);
        assertEquals(4, event.value().path("profile").path("custom").size(), event.value().toString());
        expected.forEach((name, value) -> assertEquals(value, event.value().path("profile").path("custom").path(name).asText()));
    }

    @Test
    void samlAttributesAreTypedTooAndARefusedAssertionCannotBePostedAgain() {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Migration.putSchema(app.tenant(), TYPED);
        ForgingSamlIdp idp = ForgingSamlIdp.create("https://schema-idp.example.test/" + UUID.randomUUID());
        SamlFixtures.SamlConnection connection = SamlFixtures.create(app, idp, Map.of("allow_idp_initiated", true),
                Map.of("attribute_mappings", Map.of("custom", Map.of("cost_center", "costCenter", "hired", "hireDate"))));

        // an IdP-initiated response (no request of this browser to use up) whose profile does not fit
        String refused = idp.response(connection.spEntityId(), connection.acsUrl(), null)
                .with(r -> r.nameId = "wes@corp.example").attribute("costCenter", "twelve").base64();
        HttpResponse<String> first = Fixtures.browser().post(connection.acsUrl(), Map.of("SAMLResponse", refused));
        assertEquals(403, first.statusCode(), first::body);
        assertTrue(first.body().contains("profile_invalid") && first.body().contains("cost_center is not a number"),
                first.body());
        // its assertion was used up by the refusal: posted again once the schema would take it, it is not a sign-in
        Migration.putSchema(app.tenant(), List.of(Map.of("name", "cost_center", "type", "string"),
                Map.of("name", "hired", "type", "date")));
        HttpResponse<String> again = Fixtures.browser().post(connection.acsUrl(), Map.of("SAMLResponse", refused));
        assertEquals(401, again.statusCode(), again::body);
        assertTrue(again.headers().firstValue("Location").isEmpty(), "no redirect, so no code");

        SamlFixtures.AtIdp atIdp = SamlFixtures.toIdp(connection.connection().loginUrl());
        HttpResponse<String> acs = atIdp.post(connection, idp.response(connection.spEntityId(), connection.acsUrl(),
                        atIdp.requestId()).with(r -> r.nameId = "wes@corp.example")
                .attribute("costCenter", "12.0").attribute("hireDate", "2021-06-01").base64());
        SamlFixtures.assertRedirectedTo(acs, app.redirectUri() + "?code=");
        Response tokens = Fixtures.exchange(app, SamlFixtures.locationParameter(acs, "code"), null);
        tokens.then().statusCode(200);
        assertEquals(Map.of("cost_center", "12.0", "hired", "2021-06-01"),
                Fixtures.claims(tokens.path("id_token")).get("attributes"));
    }

    @Test
    void aProfileThatDoesNotFitIsRefusedAndRecordsNothing() {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Migration.putSchema(app.tenant(), List.of(Map.of("name", "department", "type", "string", "required", true),
                Map.of("name", "hired", "type", "date")));
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("schema-refused"), Map.of(
                "required_roles", List.of("admin"),
                "attribute_mappings", Map.of("custom", Map.of("department", "dept", "hired", "hired"))));
        String user = "uma-" + UUID.randomUUID();

        Browser.Result badDate = Fixtures.browser().signIn(connection.loginUrl(), user,
                "{\"dept\":\"ops\",\"hired\":\"last tuesday\",\"roles\":[\"corp-admins\"]}", app.redirectUri());
        assertEquals(403, badDate.status(), () -> "expected a refusal page: " + badDate);
        assertNull(badDate.location(), "no redirect, so no code");
        assertTrue(badDate.body().contains("profile_invalid"), badDate.body());
        assertTrue(badDate.body().contains("hired is not a date"), badDate.body());
        assertFalse(badDate.body().contains("last tuesday"), "names attributes, never values");

        Browser.Result missing = Fixtures.browser().signIn(connection.loginUrl(), user,
                "{\"hired\":\"2020-01-01\",\"roles\":[\"corp-admins\"]}", app.redirectUri());
        assertEquals(403, missing.status(), () -> "expected a refusal page: " + missing);
        assertTrue(missing.body().contains("department is required and missing from the identity provider"),
                missing.body());

        // the access policy comes first: a user it denies is denied, and their earlier sessions end, whatever the
        // profile now holds
        String leaver = "leaver-" + user;
        Browser.Result before = Fixtures.browser().signIn(connection.loginUrl(), leaver,
                "{\"dept\":\"ops\",\"roles\":[\"corp-admins\"]}", app.redirectUri());
        String sessionId = Fixtures.exchange(app, before.parameter("code"), null).then().statusCode(200)
                .extract().path("session_id");
        String clientToken = Fixtures.clientToken(app);
        Fixtures.silentAuth(clientToken, sessionId).then().statusCode(200);
        Browser.Result denied = Fixtures.browser().signIn(connection.loginUrl(), leaver,
                "{\"hired\":\"last tuesday\",\"roles\":[\"alumni\"]}", app.redirectUri());
        assertEquals(403, denied.status(), () -> "expected a denial page: " + denied);
        assertTrue(denied.body().contains("required_roles_missing"), denied.body());
        Fixtures.silentAuth(clientToken, sessionId).then().statusCode(400);
        Events.Event deniedEvent = Events.await(Topics.SIGNIN_DENIED,
                e -> leaver.equals(e.value().path("upstream_subject").asText()), EVENT_WAIT);
        assertTrue(deniedEvent.value().path("profile").path("custom").isMissingNode()
                || deniedEvent.value().path("profile").path("custom").isEmpty(), "no custom attributes in a denial");

        // nothing was recorded: the next sign-in that fits is the account's first
        Browser.Result fits = Fixtures.browser().signIn(connection.loginUrl(), user,
                "{\"dept\":\"ops\",\"roles\":[\"corp-admins\"]}", app.redirectUri());
        Fixtures.exchange(app, fits.parameter("code"), null).then().statusCode(200);
        Events.Event event = Events.await(Topics.SIGNIN_SUCCEEDED,
                e -> user.equals(e.value().path("upstream_subject").asText()), EVENT_WAIT);
        assertEquals(1, event.value().path("account_version").asLong());
    }

    @Test
    void connectionsAndSchemasAreCheckedAgainstEachOtherOnSave() {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Migration.putSchema(app.tenant(), List.of(Map.of("name", "department", "type", "string", "required", true)));
        String connections = "/admin/v1/tenants/" + app.tenant() + "/connections";

        // a connection that does not map a required attribute would refuse every sign-in
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Fixtures.connectionBody(app, Fixtures.mockIssuer("schema-save"), Map.of()))
                .post(connections).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("attribute_mappings.custom.department"));
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("schema-save"), Map.of(
                "attribute_mappings", Map.of("custom", Map.of("department", "dept"))));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Fixtures.connectionBody(app, Fixtures.mockIssuer("schema-save"), Map.of(
                        "attribute_mappings", Map.of("custom", Map.of("team", "team")))))
                .put(connections + "/" + connection.id()).then().statusCode(400)
                .body("errors.field", hasItem("attribute_mappings.custom.department"));

        // a name the schema does not have would be left out of every sign-in
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Fixtures.connectionBody(app, Fixtures.mockIssuer("schema-save"), Map.of(
                        "attribute_mappings", Map.of("custom", Map.of("department", "dept", "nickname", "nick")))))
                .put(connections + "/" + connection.id()).then().statusCode(400)
                .body("errors.field", hasItem("attribute_mappings.custom.nickname"))
                .body("errors.field", not(hasItem("attribute_mappings.custom.department")));

        // migration-service asks the gateway before it saves a schema this connection does not map
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("attributes", List.of(Map.of("name", "department", "type", "string", "required", true),
                        Map.of("name", "cost_center", "type", "number", "required", true))))
                .put(Migration.url() + "/admin/v1/tenants/" + app.tenant() + "/user-schema").then().statusCode(400)
                .body("errors.field", hasItem("connections." + connection.id() + ".attribute_mappings.custom.cost_center"))
                .body("errors.field", not(hasItem("connections." + connection.id() + ".attribute_mappings.custom.department")));

        // what it asks: the internal API, with the internal token only
        String internal = "/internal/v1/tenants/" + app.tenant() + "/attribute-mappings";
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).get(internal).then().statusCode(200)
                .body("connections.find { it.connection_id == '" + connection.id() + "' }.attributes", hasItem("department"));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get(internal).then().statusCode(401);
        given().get(internal).then().statusCode(401);
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).get("/internal/v1/tenants/Not_A_Tenant/attribute-mappings").then()
                .statusCode(404).contentType("application/problem+json");

        // a connection a redirect source claimed maps that source's profile fields: neither side holds it to the schema
        Fixtures.Connection claimed = Fixtures.createConnection(app, Fixtures.mockIssuer("schema-save"), Map.of(
                "attribute_mappings", Map.of("custom", Map.of("department", "dept"))));
        Migration.createRedirectSource(app.tenant(), "legacy-schema", claimed.id(), Map.of("email", "email",
                "department", "department")).then().log().ifValidationFails().statusCode(201);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Fixtures.connectionBody(app, Fixtures.mockIssuer("schema-save"), Map.of(
                        "attribute_mappings", Map.of("custom", Map.of("dept_code", "dept")))))
                .put(connections + "/" + claimed.id()).then().statusCode(200);
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).get(internal).then().statusCode(200)
                .body("connections.connection_id", hasItem(connection.id()))
                .body("connections.connection_id", not(hasItem(claimed.id())));
    }

    @Test
    void whileMigrationServiceIsAwaySignInsUseTheSchemaReadBeforeAndSavesWait() {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Migration.putSchema(app.tenant(), TYPED);
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("schema-away"), Map.of(
                "attribute_mappings", Map.of("custom", Map.of("cost_center", "cc"))));
        String claims = "{\"cc\":\"7.0\",\"roles\":[\"corp-admins\"]}";
        Fixtures.exchange(app, Fixtures.browser().signIn(connection.loginUrl(), "vic-" + UUID.randomUUID(), claims,
                app.redirectUri()).parameter("code"), null).then().statusCode(200);
        MigrationServiceProcess.stop();
        try {
            Browser.Result result = Fixtures.browser().signIn(connection.loginUrl(), "vic-" + UUID.randomUUID(), claims,
                    app.redirectUri());
            Response tokens = Fixtures.exchange(app, result.parameter("code"), null);
            tokens.then().statusCode(200);
            assertEquals(Map.of("cost_center", "7.0"), Fixtures.claims(tokens.path("id_token")).get("attributes"));
            given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                    .body(Fixtures.connectionBody(app, Fixtures.mockIssuer("schema-away"), Map.of()))
                    .post("/admin/v1/tenants/" + app.tenant() + "/connections").then().statusCode(503)
                    .contentType("application/problem+json");
        } finally {
            MigrationServiceProcess.ensureRunning();
        }
    }
}
