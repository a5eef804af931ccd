package io.jitsso.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.Topics;
import io.jitsso.gateway.support.Browser;
import io.jitsso.gateway.support.Events;
import io.jitsso.gateway.support.Fixtures;
import io.jitsso.gateway.support.Migration;
import io.jitsso.gateway.support.SharedKeycloak;
import io.jitsso.testing.KeycloakServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Redirect migration through a real Keycloak 26.7.3 as the legacy OIDC IdP (SPEC B1, issue 5): the
 * browser goes from the app's authorization request through Keycloak's login form to the gateway's
 * callback, the user is migrated with the tenant's schema (a custom attribute from Keycloak's
 * {@code preferred_username}), and the app's code yields the migrated user's tokens. A second sign-in
 * is the same user; after the source is retired the path ends with a readable page.
 */
@QuarkusTest
class RedirectMigrationKeycloakTest {

    private static final String PASSWORD = "Passw0rd-" + UUID.randomUUID();

    @Test
    void migratesThroughKeycloaksLoginFormOnceAndStopsWhenRetired() throws Exception {
        KeycloakServer keycloak = SharedKeycloak.get();
        String realm = "legacy-" + UUID.randomUUID().toString().substring(0, 8);
        keycloak.createRealm(realm, "kay", PASSWORD);
        String secret = "legacy-secret-" + UUID.randomUUID();
        keycloak.createClient(realm, "legacy-web", secret, Fixtures.gateway() + "/oidc/*", true);

        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Migration.putSchema(tenant, List.of(Map.of("name", "legacy_username", "type", "string", "required", true)));
        Fixtures.Connection connection = Fixtures.createConnection(app, keycloak.realmIssuer(realm), Map.of(
                "client_id", "legacy-web", "client_secret", secret,
                "attribute_mappings", Map.of("custom", Map.of("legacy_username", "preferred_username"))));
        Migration.createRedirectSource(tenant, "legacy-kc", connection.id(), Map.of("email", "email",
                        "email_verified", "email_verified", "given_name", "given_name", "family_name", "family_name",
                        "legacy_username", "legacy_username"))
                .then().log().ifValidationFails().statusCode(201);

        Map<String, Object> first = signIn(connection, app);
        String userId = (String) first.get("sub");
        assertEquals(36, userId.length(), "the subject is migration-service's user id");
        assertEquals("kay@corp.example", first.get("email"));
        assertEquals("Kay", first.get("given_name"));
        assertEquals("Cloak", first.get("family_name"));
        assertEquals("kay", first.get("legacy_username"));
        assertEquals(List.of("fed"), first.get("amr"));

        Events.Event signIn = Events.await(Topics.SIGNIN_SUCCEEDED, e -> userId.equals(e.value().path("account_id").asText()),
                Duration.ofSeconds(20));
        assertEquals("migration", signIn.value().path("protocol").asText());
        assertEquals("migration-legacy-kc", signIn.value().path("connection_id").asText());
        assertEquals("kay", signIn.value().path("profile").path("custom").path("legacy_username").asText());
        Events.await(Topics.MIGRATION_MIGRATED, e -> userId.equals(e.value().path("user_id").asText()), Duration.ofSeconds(20));

        assertEquals(userId, signIn(connection, app).get("sub"), "the second sign-in is the same user");
        Response progress = Migration.progress(tenant);
        assertEquals(1, progress.<Integer>path("migrated_users"));
        assertEquals("redirect", progress.path("sources[0].type"));

        Migration.retire(tenant, "legacy-kc");
        Browser.Result refused = Fixtures.browser().signInWithPassword(
                Fixtures.authorizeUrl(connection, Fixtures.pkce(), "kc", "n"), "kay", PASSWORD, app.redirectUri());
        assertEquals(409, refused.status(), () -> "ended at " + refused);
        assertTrue(refused.body().contains("the migration from it has ended"), refused.body());
    }

    /** A fresh browser through Keycloak's login form; the app's ID token claims. */
    private static Map<String, Object> signIn(Fixtures.Connection connection, Fixtures.App app) {
        Fixtures.Pkce pkce = Fixtures.pkce();
        Browser.Result result = Fixtures.browser().signInWithPassword(Fixtures.authorizeUrl(connection, pkce, "kc", "n"),
                "kay", PASSWORD, app.redirectUri());
        assertTrue(result.redirectedTo(app.redirectUri() + "?code="), () -> "ended at " + result);
        assertTrue(result.visited().stream().anyMatch(url -> url.startsWith("POST ") && url.contains("/login-actions/")),
                () -> "Keycloak's login form was not used: " + result.visited());
        Response tokens = Fixtures.exchange(app, result.parameter("code"), pkce.verifier());
        tokens.then().log().ifValidationFails().statusCode(200);
        return Fixtures.claims(tokens.path("id_token"));
    }
}
