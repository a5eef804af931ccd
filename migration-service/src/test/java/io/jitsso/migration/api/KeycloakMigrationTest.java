package io.jitsso.migration.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.Topics;
import io.jitsso.migration.support.Events;
import io.jitsso.migration.support.Fixtures;
import io.jitsso.migration.support.SharedKeycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Migration from a real Keycloak 26.7.3 over the password grant (SPEC B1-B3): the first sign-in
 * checks the password at Keycloak and migrates the user with custom attributes mapped by the tenant's
 * schema; with Keycloak switched off, the user still signs in, verified locally.
 */
@QuarkusTest
class KeycloakMigrationTest {

    @Test
    void migratesOnFirstSignInAndSignsInLocallyWithTheSourceStopped() throws Exception {
        SharedKeycloak.Realm keycloak = SharedKeycloak.get();
        String username = "kc-" + UUID.randomUUID().toString().substring(0, 8);
        String password = keycloak.createUser(username, Map.of("department", "Engineering", "employee_number", "42"));

        String tenant = Fixtures.newTenant();
        Fixtures.putSchema(tenant, List.of(Map.of("name", "department", "type", "string", "required", true),
                Map.of("name", "employee_number", "type", "number", "required", false)));
        Fixtures.createSource(tenant, Map.of("id", "legacy-kc", "type", "oauth2_password", "name", "Legacy Keycloak",
                        "settings", Map.of("token_endpoint", keycloak.tokenEndpoint(), "client_id", SharedKeycloak.CLIENT_ID),
                        "secret", keycloak.clientSecret(),
                        "attribute_mapping", Map.of("email", "email", "email_verified", "email_verified",
                                "given_name", "given_name", "family_name", "family_name",
                                "department", "department", "employee_number", "employee_number")))
                .then().statusCode(201);
        Fixtures.App app = Fixtures.newApp(tenant);

        Response first = Fixtures.signIn(app, username, password);
        first.then().statusCode(200);
        assertTrue(first.<Boolean>path("migrated"));
        String userId = first.path("user_id");
        assertNotNull(first.path("session_id"));
        Map<String, Object> idToken = Fixtures.claims(first.path("id_token"));
        assertEquals(userId, idToken.get("sub"));
        assertEquals(app.clientId(), idToken.get("aud"));
        assertEquals(username + "@legacy.example", idToken.get("email"));
        assertEquals("Engineering", idToken.get("department"));
        assertEquals("42", idToken.get("employee_number"));
        assertEquals(List.of("pwd"), idToken.get("amr"));
        assertNotNull(first.path("access_token"));

        // provisioning-service's input: a sign-in event of protocol "migration" with the mapped profile
        Events.Event signIn = Events.await(Topics.SIGNIN_SUCCEEDED, e -> userId.equals(e.value().path("account_id").asText()),
                Duration.ofSeconds(20));
        assertEquals("migration", signIn.value().path("protocol").asText());
        assertEquals("migration-legacy-kc", signIn.value().path("connection_id").asText());
        assertEquals("Engineering", signIn.value().path("profile").path("custom").path("department").asText());
        assertEquals("42", signIn.value().path("profile").path("custom").path("employee_number").asText());
        assertTrue(signIn.value().path("jit").asBoolean());
        Events.Event migrated = Events.await(Topics.MIGRATION_MIGRATED, e -> userId.equals(e.value().path("user_id").asText()),
                Duration.ofSeconds(20));
        assertEquals("legacy-kc", migrated.value().path("source_id").asText());
        assertEquals(app.clientId(), migrated.value().path("client_id").asText());

        // the source is switched off: the migrated user signs in here alone
        SharedKeycloak.stop();
        Response second = Fixtures.signIn(app, username, password);
        second.then().statusCode(200);
        assertFalse(second.<Boolean>path("migrated"));
        assertEquals(userId, second.path("user_id"));
        assertEquals("Engineering", Fixtures.claims(second.path("id_token")).get("department"));
        // and a wrong password is refused locally with the generic reply
        Fixtures.signIn(app, username, password + "x").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.equalTo("the identifier or the credential is not correct"));

        Response progress = Fixtures.progress(tenant);
        progress.then().statusCode(200);
        assertEquals(1, progress.<Integer>path("migrated_users"));
        assertEquals(1, progress.<Integer>path("sources[0].migrated_users"));
        assertNotNull(progress.path("sources[0].last_migrated_at"));
        assertEquals(1, progress.<Integer>path("sources[0].failures.wrong_password"));
    }
}
