package io.jitsso.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Redirect migration (SPEC B1) end to end with fast parts: a real upstream (mock-oauth2-server) as
 * the legacy OIDC IdP (and the hand-built {@link ForgingSamlIdp} as a SAML one), the real gateway, migration-service and session-service processes, real Kafka. A
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
        // the schema first: until its source claims it, the connection maps schema attributes (ADR-32)
        Migration.putSchema(tenant, List.of(Map.of("name", "department", "type", "string", "required", true)));
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer(issuerId), Map.of(
                "attribute_mappings", Map.of("custom", Map.of("department", "org.dept"))));
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
        return Fixtures.claims(tokens(setup, user).path("id_token"));
    }

    /** Signs in through the connection and exchanges the code: the token response (with {@code session_id}). */
    private static Response tokens(Setup setup, String user) {
        Fixtures.Pkce pkce = Fixtures.pkce();
        Browser.Result result = signIn(setup, user, pkce);
        assertTrue(result.redirectedTo(setup.app().redirectUri() + "?code="), () -> "ended at " + result);
        assertEquals("st-" + user, result.parameter("state"));
        Response tokens = Fixtures.exchange(setup.app(), result.parameter("code"), pkce.verifier());
        tokens.then().log().ifValidationFails().statusCode(200);
        return tokens;
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
        assertEquals("127.0.0.1", signIn.value().path("client_address").asText(), "the browser's address, through the handoff");
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

        // retired: the redirect path ends with a page saying so before the browser reaches the legacy
        // IdP (which may be switched off with its source), and no code reaches the app
        Migration.retire(tenant, setup.sourceId());
        Browser.Result refused = signIn(setup, "rae", Fixtures.pkce());
        assertEquals(409, refused.status(), () -> "ended at " + refused);
        assertTrue(refused.body().contains("the migration from it has ended"), refused.body());
        assertFalse(refused.redirectedTo(setup.app().redirectUri()));
        assertNeverAtTheLegacyIdp(refused);
        Browser.Result newcomer = signIn(setup, "tess", Fixtures.pkce());
        assertEquals(409, newcomer.status(), () -> "ended at " + newcomer);
        assertEquals(2, Migration.progress(tenant).<Integer>path("migrated_users"));
    }

    @Test
    void aUserMigratedByRedirectRegistersAPasswordAndSignsInAfterTheSourceIsRetired() {
        Setup setup = setup("password-" + UUID.randomUUID().toString().substring(0, 6));
        String tenant = setup.app().tenant();
        Response tokens = tokens(setup, "lee");
        String userId = (String) Fixtures.claims(tokens.path("id_token")).get("sub");
        String sessionId = tokens.path("session_id");
        String clientToken = Fixtures.clientToken(setup.app());
        String password = "Correct-Horse-" + UUID.randomUUID();

        Migration.registerPassword(tenant, clientToken, "not-a-session", password).then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("session_id"));
        Migration.registerPassword(tenant, "forged." + clientToken, sessionId, password).then().statusCode(401);
        Response registered = Migration.registerPassword(tenant, clientToken, sessionId, password);
        registered.then().log().ifValidationFails().statusCode(200);
        assertEquals(userId, registered.path("user_id"));
        assertEquals("lee@legacy.example", registered.path("identifier"));
        // a password is registered once; changing it is not this API's job
        Migration.registerPassword(tenant, clientToken, sessionId, password + "x").then().statusCode(409);

        Migration.retire(tenant, setup.sourceId());
        assertEquals(409, signIn(setup, "lee", Fixtures.pkce()).status(), "the redirect path is closed");
        Response local = Migration.signIn(tenant, clientToken, "lee@legacy.example", password);
        local.then().log().ifValidationFails().statusCode(200);
        assertEquals(userId, local.path("user_id"));
        assertFalse(local.<Boolean>path("migrated"));
        assertEquals("Finance", Fixtures.claims(local.path("id_token")).get("department"));
        Migration.signIn(tenant, clientToken, "lee@legacy.example", password + "x").then().statusCode(400);
    }

    @Test
    void aSamlConnectionEndsInMigrationThroughTheSameMechanism() {
        ForgingSamlIdp idp = ForgingSamlIdp.create("https://legacy-saml.example.test/" + UUID.randomUUID());
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Migration.putSchema(app.tenant(), List.of(Map.of("name", "department", "type", "string", "required", true)));
        SamlFixtures.SamlConnection connection = SamlFixtures.create(app, idp, Map.of(),
                Map.of("attribute_mappings", Map.of("custom", Map.of("department", "dept"))));
        Migration.createRedirectSource(app.tenant(), "legacy-saml", connection.id(), Map.of("email", "email",
                        "given_name", "given_name", "department", "department"))
                .then().log().ifValidationFails().statusCode(201);

        String firstId = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            SamlFixtures.AtIdp atIdp = SamlFixtures.toIdp(connection.connection().loginUrl());
            java.net.http.HttpResponse<String> acs = atIdp.post(connection, idp.response(connection.spEntityId(),
                            connection.acsUrl(), atIdp.requestId()).with(r -> r.nameId = "sol@legacy.example")
                    .attribute("email", "sol@legacy.example").attribute("givenName", "Sol").attribute("dept", "Legal").base64());
            SamlFixtures.assertRedirectedTo(acs, app.redirectUri() + "?code=");
            Response tokens = Fixtures.exchange(app, SamlFixtures.locationParameter(acs, "code"), null);
            tokens.then().log().ifValidationFails().statusCode(200);
            Map<String, Object> idToken = Fixtures.claims(tokens.path("id_token"));
            assertEquals("Legal", idToken.get("department"));
            assertEquals("sol@legacy.example", idToken.get("email"));
            if (firstId == null) {
                firstId = (String) idToken.get("sub");
            } else {
                assertEquals(firstId, idToken.get("sub"), "the second SAML sign-in is the same user");
            }
        }
        String userId = firstId;
        Events.Event signIn = Events.await(Topics.SIGNIN_SUCCEEDED, e -> userId.equals(e.value().path("account_id").asText()),
                EVENT_WAIT);
        assertEquals("migration", signIn.value().path("protocol").asText());
        assertEquals("sol@legacy.example", signIn.value().path("upstream_subject").asText());
        assertEquals(1, Migration.progress(app.tenant()).<Integer>path("migrated_users"));
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
        assertNeverAtTheLegacyIdp(result);
        assertEquals(0, Migration.progress(setup.app().tenant()).<Integer>path("migrated_users"));

        // back: the same user migrates now, once
        String userId = (String) signInToApp(setup, "ada").get("sub");
        assertEquals(userId, signInToApp(setup, "ada").get("sub"));
        assertEquals(1, Migration.progress(setup.app().tenant()).<Integer>path("migrated_users"));
    }

    @Test
    void anAppThatRequiresRolesRefusesAMigrationBeforeTheUserIsMigrated() {
        Setup setup = setup("roles-" + UUID.randomUUID().toString().substring(0, 6));
        Fixtures.App strict = AppRequiredRolesTest.strictApp(setup.app().tenant(), List.of("admin"));
        Fixtures.Connection toStrict = new Fixtures.Connection(setup.app().tenant(), setup.connection().id(),
                setup.connection().loginUrl(), strict, setup.connection().issuer());

        // a migrated user's session carries no roles (ADR-33): refused before migration-service moves the account
        Browser.Result refused = Fixtures.browser().signIn(Fixtures.authorizeUrl(toStrict, Fixtures.pkce(), "st", "nn"),
                "ray", CLAIMS.formatted("ray"), strict.redirectUri());
        assertEquals(403, refused.status(), () -> "ended at " + refused);
        assertTrue(refused.body().contains("app_roles_missing") && refused.body().contains("Strict app"), refused.body());
        assertFalse(refused.redirectedTo(strict.redirectUri()));
        assertEquals(0, Migration.progress(setup.app().tenant()).<Integer>path("migrated_users"));

        // the tenant's other app takes the same user, who is migrated then
        signInToApp(setup, "ray");
        assertEquals(1, Migration.progress(setup.app().tenant()).<Integer>path("migrated_users"));
    }

    /** The sign-in stopped at the gateway: the browser never went to the upstream. */
    private static void assertNeverAtTheLegacyIdp(Browser.Result result) {
        assertTrue(result.visited().stream().noneMatch(url -> url.contains(Fixtures.upstream())),
                () -> "the browser went to the legacy IdP: " + result.visited());
    }

    @Test
    void theGatewayAsksMigrationServiceWhetherAConnectionStillMigrates() {
        Setup setup = setup("state-" + UUID.randomUUID().toString().substring(0, 6));
        String tenant = setup.app().tenant();
        String path = "/internal/v1/tenants/" + tenant + "/migration-connections/" + setup.connection().id();
        io.restassured.RestAssured.given().auth().oauth2(Fixtures.INTERNAL_TOKEN).get(Migration.url() + path)
                .then().statusCode(200)
                .body("source_id", org.hamcrest.Matchers.equalTo(setup.sourceId()))
                .body("active", org.hamcrest.Matchers.equalTo(true));
        io.restassured.RestAssured.given().get(Migration.url() + path).then().statusCode(401);
        // another tenant's view of the same connection: nothing names it there
        io.restassured.RestAssured.given().auth().oauth2(Fixtures.INTERNAL_TOKEN)
                .get(Migration.url() + "/internal/v1/tenants/" + Fixtures.newTenant() + "/migration-connections/"
                        + setup.connection().id())
                .then().statusCode(404).contentType("application/problem+json");
        io.restassured.RestAssured.given().auth().oauth2(Fixtures.INTERNAL_TOKEN)
                .get(Migration.url() + "/internal/v1/tenants/" + tenant + "/migration-connections/bad%20id")
                .then().statusCode(404).contentType("application/problem+json");
        Migration.retire(tenant, setup.sourceId());
        io.restassured.RestAssured.given().auth().oauth2(Fixtures.INTERNAL_TOKEN).get(Migration.url() + path)
                .then().statusCode(200).body("active", org.hamcrest.Matchers.equalTo(false));
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

    @Test
    void anEmailTheUpstreamDoesNotVouchForBecomesNobodysIdentifier() {
        Setup setup = setup("unverified-" + UUID.randomUUID().toString().substring(0, 6));
        String tenant = setup.app().tenant();
        String clientToken = Fixtures.clientToken(setup.app());
        // someone put another person's address on their own legacy account, unverified, and migrates first
        Fixtures.Pkce pkce = Fixtures.pkce();
        Browser.Result squatter = Fixtures.browser().signIn(Fixtures.authorizeUrl(setup.connection(), pkce, "st-mal", "nn-mal"),
                "mal", CLAIMS.formatted("vic").replace("\"email_verified\":true", "\"email_verified\":false"),
                setup.app().redirectUri());
        assertTrue(squatter.redirectedTo(setup.app().redirectUri() + "?code="), () -> "ended at " + squatter);
        Response squatterTokens = Fixtures.exchange(setup.app(), squatter.parameter("code"), pkce.verifier());
        squatterTokens.then().log().ifValidationFails().statusCode(200);
        Migration.registerPassword(tenant, clientToken, squatterTokens.path("session_id"), "Correct-Horse-" + UUID.randomUUID())
                .then().statusCode(409);
        // the address's owner, whose upstream vouches for it, still gets it as the identifier of their password
        Response owner = tokens(setup, "vic");
        Migration.registerPassword(tenant, clientToken, owner.path("session_id"), "Correct-Horse-" + UUID.randomUUID())
                .then().log().ifValidationFails().statusCode(200)
                .body("identifier", org.hamcrest.Matchers.equalTo("vic@legacy.example"));
    }
}
