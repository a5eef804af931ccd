package io.jitsso.session.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.events.Topics;
import io.jitsso.session.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SPEC A5 for apps (ADR-33): an app's required roles, kept with its registration, are checked wherever the app
 * would get a user's tokens: the code of a sign-in, the tokens of a migration sign-in, silent authentication.
 */
@QuarkusTest
class AppRequiredRolesTest {

    private static final String CALLBACK = "https://app.example.com/callback";

    @Test
    void requiredRolesAreSetKeptAndLiftedThroughTheAdminApi() {
        String tenant = Fixtures.newTenant();
        String clientId = app(tenant, List.of("admin", "editor", "admin"), "all").clientId();
        String path = "/admin/v1/tenants/" + tenant + "/apps/" + clientId;

        operator().get(path).then().statusCode(200)
                .body("required_roles", equalTo(List.of("admin", "editor"))).body("required_roles_mode", equalTo("all"));
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).get("/internal/v1/tenants/" + tenant + "/apps/" + clientId).then()
                .statusCode(200).body("required_roles", equalTo(List.of("admin", "editor")))
                .body("required_roles_mode", equalTo("all"));

        // an update that does not name them keeps them: a client that predates them cannot lift them by accident
        operator().body(Map.of("name", "Renamed", "redirect_uris", List.of(CALLBACK))).put(path).then().statusCode(200)
                .body("name", equalTo("Renamed")).body("required_roles", equalTo(List.of("admin", "editor")))
                .body("required_roles_mode", equalTo("all"));

        // roles without a mode keep the mode
        operator().body(Map.of("name", "Renamed", "required_roles", List.of("editor", "admin"))).put(path).then()
                .statusCode(200).body("required_roles", equalTo(List.of("editor", "admin")))
                .body("required_roles_mode", equalTo("all"));
        operator().body(Map.of("name", "Renamed", "required_roles", List.of("admin", "editor"))).put(path).then()
                .statusCode(200);

        // refused changes leave them as they were
        refused(operator().body(Map.of("name", "x", "required_roles", List.of("admin"), "required_roles_mode", "some"))
                .put(path).then(), "required_roles_mode");
        refused(operator().body(Map.of("name", "x", "required_roles", List.of("Admin!"))).put(path).then(),
                "required_roles");
        refused(operator().body(Map.of("name", "x", "required_roles",
                IntStream.range(0, 21).mapToObj(i -> "role" + i).toList())).put(path).then(), "required_roles");
        refused(operator().body(Map.of("name", "x", "required_roles_mode", "any")).put(path).then(), "required_roles");
        refused(operator().body("{\"name\":\"x\",\"required_roles\":[null]}").put(path).then(), "required_roles");
        refused(operator().body(Map.of("name", "x", "required_roles", List.of("a".repeat(65)))).put(path).then(),
                "required_roles");
        refused(operator().body(Map.of("name", "x", "required_roles", List.of("viewer"), "required_roles_mode", "ALL"))
                .post("/admin/v1/tenants/" + tenant + "/apps").then(), "required_roles_mode");
        operator().get(path).then().statusCode(200).body("name", equalTo("Renamed"))
                .body("required_roles", equalTo(List.of("admin", "editor"))).body("required_roles_mode", equalTo("all"));

        operator().body(Map.of("name", "Renamed", "required_roles", List.of())).put(path).then().statusCode(200)
                .body("required_roles", equalTo(List.of())).body("required_roles_mode", equalTo("any"));
        // an app registered without them requires none
        operator().get("/admin/v1/tenants/" + tenant + "/apps/" + Fixtures.newApp(tenant).clientId()).then().statusCode(200)
                .body("required_roles", equalTo(List.of())).body("required_roles_mode", equalTo("any"));
    }

    @Test
    void aSignInWithoutTheAppsRolesGetsNoCodeAndNoSession() {
        String tenant = Fixtures.newTenant();
        String any = app(tenant, List.of("admin", "editor"), "any").clientId();
        String all = app(tenant, List.of("admin", "editor"), "all").clientId();
        String subject = "viewer-" + System.nanoTime();

        openWithCode(tenant, subject, any, List.of("viewer")).statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("The application \"Strict app\" requires one of the roles admin, editor;"
                        + " your sign-in grants the roles viewer."))
                .body("code", equalTo(null)).body("session_id", equalTo(null));
        openWithCode(tenant, subject, any, null).statusCode(403)
                .body("detail", containsString("your sign-in grants no role"));
        openWithCode(tenant, subject, all, List.of("admin")).statusCode(403)
                .body("detail", containsString("requires all of the roles admin, editor"));
        sessionsOf(tenant, subject).body("$", org.hamcrest.Matchers.empty());

        openWithCode(tenant, subject, any, List.of("viewer", "editor")).statusCode(201).body("code", notNullValue());
        openWithCode(tenant, subject, all, List.of("editor", "viewer", "admin")).statusCode(201).body("code", notNullValue());
        sessionsOf(tenant, subject).body("size()", equalTo(2));
    }

    @Test
    void aMigrationSignInGetsNoTokensForAnAppWhoseRolesItLacks() {
        String tenant = Fixtures.newTenant();
        String strict = app(tenant, List.of("admin"), "any").clientId();
        String subject = "migrated-" + System.nanoTime();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant_id", tenant);
        body.put("subject", subject);
        body.put("amr", List.of("pwd"));
        body.put("claims", Map.of("email", "m@example.com"));
        body.put("client_id", strict);

        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).contentType(ContentType.JSON).body(body)
                .post("/internal/v1/sessions/with-tokens").then().statusCode(403)
                .body("detail", containsString("requires one of the roles admin")).body("id_token", equalTo(null));
        sessionsOf(tenant, subject).body("$", org.hamcrest.Matchers.empty());
    }

    @Test
    void silentAuthenticationNeedsTheAppsRolesInTheSessionAndLeavesItAloneWhenRefused() throws Exception {
        String tenant = Fixtures.newTenant();
        String strict = Fixtures.clientToken(app(tenant, List.of("admin"), "any"));
        String permissive = Fixtures.clientToken(Fixtures.newApp(tenant));
        Fixtures.Session viewer = Fixtures.openSession(tenant, "vera", null);
        Fixtures.StoredSession before = Fixtures.stored(viewer.id());

        Fixtures.silentAuth(strict, viewer.sessionId()).then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("one of the roles admin"))
                .body("detail", not(containsString("viewer")))
                .body("id_token", equalTo(null));
        assertEquals(before, Fixtures.stored(viewer.id()), "a refused app neither extends the session nor uses it");
        // the session stays live for the tenant's other apps
        Fixtures.silentAuth(permissive, viewer.sessionId()).then().statusCode(200);
        assertEquals(before.version() + 1, Fixtures.stored(viewer.id()).version());

        Fixtures.Session admin = openSession(tenant, "ada", List.of("viewer", "admin"));
        long version = Fixtures.stored(admin.id()).version();
        Fixtures.silentAuth(strict, admin.sessionId()).then().statusCode(200).body("id_token", notNullValue());
        assertEquals(version + 1, Fixtures.stored(admin.id()).version());

        // an unknown or ended session is not found, as for any app: the refusal does not tell live sessions apart
        Fixtures.silentAuth(strict, Secrets.random(32)).then().statusCode(400).body("detail", equalTo("Session not found"));
        Fixtures.logout(permissive, viewer.sessionId()).then().statusCode(204);
        Fixtures.silentAuth(strict, viewer.sessionId()).then().statusCode(400).body("detail", equalTo("Session not found"));

        // created twice, authenticated once per accepted app, logged out once: the refusal published nothing
        List<String> events = new SessionEventsTest().consume(tenant, 5).stream()
                .map(record -> record.topic() + " " + record.key().substring(tenant.length() + 1)).sorted().toList();
        assertEquals(Stream.of(Topics.SESSION_AUTHENTICATED + " " + admin.id(), Topics.SESSION_AUTHENTICATED + " " + viewer.id(),
                Topics.SESSION_CREATED + " " + admin.id(), Topics.SESSION_CREATED + " " + viewer.id(),
                Topics.SESSION_LOGGED_OUT + " " + viewer.id()).sorted().toList(), events);
    }

    @Test
    void anAppsDenialEndsOnlyTheSessionsThatCarryARoleTheIdpNoLongerGrants() throws Exception {
        String tenant = Fixtures.newTenant();
        Fixtures.Session admin = openSession(tenant, "sub-1", List.of("viewer", "admin"));
        Fixtures.Session viewer = openSession(tenant, "sub-1", List.of("viewer"));
        Fixtures.Session none = openSession(tenant, "sub-1", List.of());
        Fixtures.Session other = openSession(tenant, "sub-2", List.of("admin"));

        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("subject", "sub-1", "reason", "roles_withdrawn", "granted_roles", List.of("viewer", "editor")))
                .post("/internal/v1/tenants/" + tenant + "/sessions/revocation").then().statusCode(200)
                .body("revoked", equalTo(1));

        assertEquals("revoked", Fixtures.stored(admin.id()).endReason());
        assertNull(Fixtures.stored(viewer.id()).endedAt());
        assertNull(Fixtures.stored(none.id()).endedAt());
        assertNull(Fixtures.stored(other.id()).endedAt(), "another subject's session stays");

        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("subject", "sub-1", "granted_roles", List.of("Not A Role")))
                .post("/internal/v1/tenants/" + tenant + "/sessions/revocation").then().statusCode(400);
        assertNull(Fixtures.stored(viewer.id()).endedAt());
    }

    @Test
    void aSessionsRolesMustBeAListOfNames() {
        String tenant = Fixtures.newTenant();
        for (Object roles : List.of("admin", Map.of("admin", true), List.of(1, 2))) {
            given().auth().oauth2(Fixtures.INTERNAL_TOKEN).contentType(ContentType.JSON)
                    .body(Map.of("tenant_id", tenant, "subject", "odd", "amr", List.of("fed"), "claims", Map.of("roles", roles)))
                    .post("/internal/v1/sessions").then().statusCode(400).body("errors.field", hasItem("claims"));
        }
    }

    private static Fixtures.App app(String tenant, List<String> requiredRoles, String mode) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Strict app");
        body.put("redirect_uris", List.of(CALLBACK));
        body.put("required_roles", requiredRoles);
        body.put("required_roles_mode", mode);
        var response = operator().body(body).post("/admin/v1/tenants/" + tenant + "/apps").then().statusCode(201)
                .extract();
        Fixtures.ISSUED_SECRETS.add(response.path("client_secret"));
        return new Fixtures.App(tenant, response.path("client_id"), response.path("client_secret"));
    }

    private static ValidatableResponse openWithCode(String tenant, String subject, String clientId, List<String> roles) {
        Map<String, Object> authorization = new LinkedHashMap<>();
        authorization.put("client_id", clientId);
        authorization.put("redirect_uri", CALLBACK);
        authorization.put("code_challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(
                Secrets.sha256(Secrets.random(48).getBytes(StandardCharsets.US_ASCII))));
        authorization.put("code_challenge_method", "S256");
        Map<String, Object> claims = new LinkedHashMap<>();
        if (roles != null) {
            claims.put("roles", roles);
        }
        return given().auth().oauth2(Fixtures.INTERNAL_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("tenant_id", tenant, "subject", subject, "amr", List.of("fed"), "claims", claims,
                        "authorization", authorization))
                .post("/internal/v1/sessions").then();
    }

    private static Fixtures.Session openSession(String tenant, String subject, List<String> roles) {
        var response = given().auth().oauth2(Fixtures.INTERNAL_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("tenant_id", tenant, "subject", subject, "amr", List.of("fed"),
                        "claims", Map.of("roles", roles)))
                .post("/internal/v1/sessions").then().statusCode(201).extract();
        Fixtures.ISSUED_SECRETS.add(response.path("session_id"));
        return new Fixtures.Session(tenant, response.path("session_id"), response.path("id"));
    }

    private static ValidatableResponse sessionsOf(String tenant, String subject) {
        return given().auth().oauth2(Fixtures.OPERATOR_TOKEN).queryParam("subject", subject)
                .get("/admin/v1/tenants/" + tenant + "/sessions").then().statusCode(200);
    }

    private static io.restassured.specification.RequestSpecification operator() {
        return given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON);
    }

    private static void refused(ValidatableResponse response, String field) {
        response.statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field));
    }
}
