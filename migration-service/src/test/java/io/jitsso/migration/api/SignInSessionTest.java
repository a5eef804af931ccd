package io.jitsso.migration.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jitsso.migration.support.Fixtures;
import io.jitsso.migration.support.LegacyApiStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a migration sign-in gets from session-service in its one internal call (session plus the app's
 * tokens), and the identifier's failure record around it. The source is {@link LegacyApiStandIn}, a
 * stand-in for a home-grown legacy credential-check API.
 */
@QuarkusTest
class SignInSessionTest {

    private static LegacyApiStandIn legacy;

    @Inject
    Pool pool;

    @BeforeAll
    static void startLegacy() throws Exception {
        legacy = new LegacyApiStandIn();
    }

    @AfterAll
    static void stopLegacy() {
        legacy.close();
    }

    private record Setup(Fixtures.App app, String login, String password) {
    }

    private static Setup setUp() {
        String tenant = Fixtures.newTenant();
        Fixtures.createSource(tenant, Map.of("id", "legacy-api", "type", "http_credential_check", "name", "Legacy API",
                        "settings", legacy.credentialCheckSettings(), "secret", LegacyApiStandIn.API_KEY,
                        "attribute_mapping", Map.of("email", "mail")))
                .then().statusCode(201);
        String login = "user-" + UUID.randomUUID().toString().substring(0, 8);
        String password = Fixtures.password();
        legacy.addUser(new LegacyApiStandIn.LegacyUser("L-" + login, login, password, Map.of("mail", login + "@legacy.example")));
        return new Setup(Fixtures.newApp(tenant), login, password);
    }

    @Test
    void theTokensAreTheCallingAppsAndTheSessionServesEveryAppOfTheTenant() {
        Setup setup = setUp();
        Fixtures.App other = Fixtures.newApp(setup.app().tenant());

        for (boolean first : List.of(true, false)) {
            Response signedIn = Fixtures.signIn(setup.app(), setup.login(), setup.password());
            signedIn.then().statusCode(200).body("migrated", equalTo(first)).body("token_type", equalTo("Bearer"));
            Map<String, Object> id = Fixtures.claims(signedIn.path("id_token"));
            Map<String, Object> access = Fixtures.claims(signedIn.path("access_token"));
            assertEquals(setup.app().clientId(), id.get("aud"));
            assertEquals(setup.app().clientId(), access.get("client_id"));
            assertEquals(signedIn.path("user_id"), id.get("sub"));
            assertEquals(List.of("pwd"), id.get("amr"));
            assertEquals(setup.login() + "@legacy.example", id.get("email"));
            assertEquals(id.get("sid"), access.get("sid"));

            // the session is the tenant's: another app authenticates silently with it
            Response silent = given().auth().oauth2(other.token()).contentType(ContentType.JSON)
                    .body(Map.of("session_id", signedIn.path("session_id")))
                    .post(Fixtures.sessionService() + "/v1/auth/session/authenticate");
            silent.then().statusCode(200);
            assertEquals(id.get("sid"), Fixtures.claims(silent.path("id_token")).get("sid"));
        }
    }

    @Test
    void aSuccessfulSignInForgetsEarlierFailuresFirstAndLocal() {
        Setup setup = setUp();
        Fixtures.signIn(setup.app(), setup.login(), setup.password()).then().statusCode(200).body("migrated", equalTo(true));
        assertEquals(0, failureRows(setup.app().tenant()), "a clean sign-in leaves no failure record");

        // four failures (the lockout is at five), then a success, then four more: none of them locks,
        // because the success cleared the first four (ten attempts: within the per-identifier limit)
        for (int i = 0; i < 4; i++) {
            Fixtures.signIn(setup.app(), setup.login(), setup.password() + "-wrong").then().statusCode(400);
        }
        assertEquals(1, failureRows(setup.app().tenant()));
        Fixtures.signIn(setup.app(), setup.login(), setup.password()).then().statusCode(200).body("migrated", equalTo(false));
        assertEquals(0, failureRows(setup.app().tenant()), "the local success cleared the failures");
        for (int i = 0; i < 4; i++) {
            Fixtures.signIn(setup.app(), setup.login(), setup.password() + "-wrong").then().statusCode(400);
        }

        // the same before migration: the source's refusals count, the migrating success clears them
        Setup fresh = setUp();
        for (int i = 0; i < 4; i++) {
            Fixtures.signIn(fresh.app(), fresh.login(), fresh.password() + "-wrong").then().statusCode(400);
        }
        Fixtures.signIn(fresh.app(), fresh.login(), fresh.password()).then().statusCode(200).body("migrated", equalTo(true));
        assertEquals(0, failureRows(fresh.app().tenant()));
    }

    @Test
    void anAppDeletedAfterItsTokenWasIssuedIsRefused() {
        Setup setup = setUp();
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .delete(Fixtures.sessionService() + "/admin/v1/tenants/" + setup.app().tenant() + "/apps/" + setup.app().clientId())
                .then().statusCode(204);

        Fixtures.signIn(setup.app(), setup.login(), setup.password()).then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));
    }

    @Test
    void anAppThatRequiresRolesRefusesTheMigrationAndNoUserIsStored() {
        Setup setup = setUp();
        String app = Fixtures.sessionService() + "/admin/v1/tenants/" + setup.app().tenant() + "/apps/" + setup.app().clientId();
        // a migrated user's session carries no platform roles (ADR-33)
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", "Admin console", "required_roles", List.of("admin"))).put(app)
                .then().statusCode(200);

        Fixtures.signIn(setup.app(), setup.login(), setup.password()).then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("The application \"Admin console\" requires one of the roles admin; your sign-in"
                        + " grants no role."))
                .body("session_id", org.hamcrest.Matchers.nullValue());
        assertEquals(0, Fixtures.progress(setup.app().tenant()).<Integer>path("migrated_users"), "no user stored");

        // lifted: the same credential migrates the user
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", "Admin console", "required_roles", List.of())).put(app)
                .then().statusCode(200);
        Fixtures.signIn(setup.app(), setup.login(), setup.password()).then().statusCode(200).body("migrated", equalTo(true));
        assertEquals(1, Fixtures.progress(setup.app().tenant()).<Integer>path("migrated_users"));
    }

    private long failureRows(String tenant) {
        return pool.preparedQuery("select count(*) from identifier_failure where tenant_id = $1").execute(Tuple.of(tenant))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }
}
