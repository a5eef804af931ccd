package io.jitsso.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.Topics;
import io.jitsso.gateway.support.Browser;
import io.jitsso.gateway.support.Events;
import io.jitsso.gateway.support.Fixtures;
import io.jitsso.gateway.support.Migration;
import io.jitsso.gateway.support.MigrationServiceProcess;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Redirect migration (SPEC B1) end to end with fast parts: a real upstream (mock-oauth2-server) as
 * the legacy IdP, the real gateway, migration-service and session-service processes, real Kafka. A
 * redirect source claims the tenant's connection; sign-ins through it create the user once in
 * migration-service and end in the app's code flow.
 */
@QuarkusTest
class RedirectMigrationTest {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(20);
    private static final String CLAIMS = "{\"email\":\"%s@legacy.example\",\"email_verified\":true,\"given_name\":\"Rae\","
            + "\"family_name\":\"Direct\",\"org\":{\"dept\":\"Finance\"}}";

    /** A tenant whose connection to the legacy IdP a redirect source claimed. */
    private record Setup(Fixtures.App app, Fixtures.Connection connection, String sourceId) {
    }

    private static Setup setup(String issuerId) {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer(issuerId), Map.of(
                "attribute_mappings", Map.of("custom", Map.of("department", "org.dept"))));
        Migration.putSchema(tenant, List.of(Map.of("name", "department", "type", "string", "required", true)));
        String sourceId = "legacy-" + issuerId;
        Migration.createRedirectSource(tenant, sourceId, connection.id(), Map.of("email", "email",
                        "email_verified", "email_verified", "given_name", "given_name", "family_name", "family_name",
                        "department", "department"))
                .then().log().ifValidationFails().statusCode(201);
        return new Setup(app, connection, sourceId);
    }

    private static Browser.Result signIn(Setup setup, String user, Fixtures.Pkce pkce) {
        return Fixtures.browser().signIn(Fixtures.authorizeUrl(setup.connection(), pkce, "st-" + user, "nn-" + user), user,
                CLAIMS.formatted(user), setup.app().redirectUri());
    }

    /** Signs in through the connection and exchanges the code: the app's ID token claims. */
    private static Map<String, Object> signInToApp(Setup setup, String user) {
        Fixtures.Pkce pkce = Fixtures.pkce();
        Browser.Result result = signIn(setup, user, pkce);
        assertTrue(result.redirectedTo(setup.app().redirectUri() + "?code="), () -> "ended at " + result);
        assertEquals("st-" + user, result.parameter("state"));
        Response tokens = Fixtures.exchange(setup.app(), result.parameter("code"), pkce.verifier());
        tokens.then().log().ifValidationFails().statusCode(200);
        return Fixtures.claims(tokens.path("id_token"));
    }

    @Test
    void firstSignInMigratesTheUserLaterOnesFindTheSameUserAndRetirementStopsThePath() {
        Setup setup = setup("redirect-" + UUID.randomUUID().toString().substring(0, 6));
        String tenant = setup.app().tenant();

        Map<String, Object> first = signInToApp(setup, "rae");
        String userId = (String) first.get("sub");
        assertEquals("rae@legacy.example", first.get("email"));
        assertEquals("Rae", first.get("given_name"));
        assertEquals("Finance", first.get("department"), "the custom attribute mapped through connection and source");
        assertEquals(List.of("fed"), first.get("amr"));
        assertEquals("nn-rae", first.get("nonce"));

        // provisioning's input comes from migration-service, as for a password migration
        Events.Event signIn = Events.await(Topics.SIGNIN_SUCCEEDED, e -> userId.equals(e.value().path("account_id").asText()),
                EVENT_WAIT);
        assertEquals("migration", signIn.value().path("protocol").asText());
        assertEquals("migration-" + setup.sourceId(), signIn.value().path("connection_id").asText());
        assertEquals("Finance", signIn.value().path("profile").path("custom").path("department").asText());
        Events.Event migrated = Events.await(Topics.MIGRATION_MIGRATED, e -> userId.equals(e.value().path("user_id").asText()),
                EVENT_WAIT);
        assertEquals(setup.sourceId(), migrated.value().path("source_id").asText());
        assertEquals("redirect", migrated.value().path("source_type").asText());
        assertEquals(setup.app().clientId(), migrated.value().path("client_id").asText());

        // the second sign-in is the same user: nothing new is created
        Map<String, Object> second = signInToApp(setup, "rae");
        assertEquals(userId, second.get("sub"));
        Map<String, Object> other = signInToApp(setup, "sam");
        assertNotEquals(userId, other.get("sub"));
        Response progress = Migration.progress(tenant);
        progress.then().statusCode(200);
        assertEquals(2, progress.<Integer>path("migrated_users"));
        assertEquals(2, progress.<Integer>path("sources[0].migrated_users"));

        // retired: the redirect path ends with a page saying so, and no code reaches the app
        Migration.retire(tenant, setup.sourceId());
        Browser.Result refused = signIn(setup, "rae", Fixtures.pkce());
        assertEquals(409, refused.status(), () -> "ended at " + refused);
        assertTrue(refused.body().contains("the migration from it has ended"), refused.body());
        assertFalse(refused.redirectedTo(setup.app().redirectUri()));
        Browser.Result newcomer = signIn(setup, "tess", Fixtures.pkce());
        assertEquals(409, newcomer.status(), () -> "ended at " + newcomer);
        assertEquals(2, Migration.progress(tenant).<Integer>path("migrated_users"));
    }

    @Test
    void migrationServiceAwayGivesAReadablePageAndCreatesNoUser() {
        Setup setup = setup("away-" + UUID.randomUUID().toString().substring(0, 6));
        MigrationServiceProcess.stop();
        Browser.Result result;
        try {
            result = signIn(setup, "ada", Fixtures.pkce());
        } finally {
            MigrationServiceProcess.ensureRunning();
        }
        assertEquals(502, result.status(), () -> "ended at " + result);
        assertTrue(result.body().contains("could not be moved to the new sign-in just now"), result.body());
        assertFalse(result.body().contains("Exception"), result.body());
        assertEquals(0, Migration.progress(setup.app().tenant()).<Integer>path("migrated_users"));

        // back: the same user migrates now, once
        String userId = (String) signInToApp(setup, "ada").get("sub");
        assertEquals(userId, signInToApp(setup, "ada").get("sub"));
        assertEquals(1, Migration.progress(setup.app().tenant()).<Integer>path("migrated_users"));
    }

    @Test
    void aSourceCannotClaimAnotherTenantsConnectionOrOneAlreadyClaimed() {
        Setup setup = setup("claims-" + UUID.randomUUID().toString().substring(0, 6));
        String otherTenant = Fixtures.newTenant();
        Migration.createRedirectSource(otherTenant, "foreign", setup.connection().id(), Map.of())
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("settings.connection_id"))
                .body("errors[0].message", org.hamcrest.Matchers.equalTo("the tenant has no gateway connection with this id"));
        Migration.createRedirectSource(otherTenant, "nowhere", "no-such-connection", Map.of()).then().statusCode(400);
        Migration.createRedirectSource(setup.app().tenant(), "second", setup.connection().id(), Map.of(
                        "department", "department"))
                .then().statusCode(409);
        // the foreign tenant's failed attempt changed nothing: the owner's users still migrate
        assertEquals("Finance", signInToApp(setup, "uma").get("department"));
    }

    @Test
    void theInternalApiNeedsTheInternalToken() {
        io.restassured.RestAssured.given().put("/internal/v1/tenants/any/migration-connections/any")
                .then().statusCode(401);
        io.restassured.RestAssured.given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .put("/internal/v1/tenants/any/migration-connections/any").then().statusCode(401);
        io.restassured.RestAssured.given().auth().oauth2(Fixtures.INTERNAL_TOKEN)
                .put("/internal/v1/tenants/any/migration-connections/any").then().statusCode(404);
        io.restassured.RestAssured.given().contentType("application/json").body("{}")
                .post(Migration.url() + "/internal/v1/tenants/any/redirect-migrations").then().statusCode(401);
    }
}
