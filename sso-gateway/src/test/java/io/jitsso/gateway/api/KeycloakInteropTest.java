package io.jitsso.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.gateway.support.Browser;
import io.jitsso.gateway.support.Fixtures;
import io.jitsso.gateway.support.SharedKeycloak;
import io.jitsso.testing.KeycloakServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interop with a real Keycloak 26.7.3: roles in the ID token, and roles only in the access token.
 * Runs on every build: Maven unpacks the distribution (169 MB, from the local repository once
 * downloaded); it needs a JDK 21+ ({@code interop.java-home}, Temurin 25 by default) and fails,
 * never skips, when Keycloak cannot start.
 */
@QuarkusTest
class KeycloakInteropTest {

    private static final String PASSWORD = "Passw0rd-" + UUID.randomUUID();
    private static KeycloakServer keycloak;
    private static String realm;

    @BeforeAll
    static void startKeycloak() throws Exception {
        keycloak = SharedKeycloak.get();
        realm = "gw-" + UUID.randomUUID().toString().substring(0, 8);
        keycloak.createRealm(realm, "kay", PASSWORD);
    }

    @Test
    void rolesInTheIdToken() throws Exception {
        String secret = "secret-id-" + UUID.randomUUID();
        keycloak.createClient(realm, "gateway-id", secret, Fixtures.gateway() + "/oidc/*", true);
        assertEquals(List.of("admin"), signIn("gateway-id", secret, "id_token"));
    }

    @Test
    void rolesOnlyInTheAccessToken() throws Exception {
        String secret = "secret-at-" + UUID.randomUUID();
        keycloak.createClient(realm, "gateway-at", secret, Fixtures.gateway() + "/oidc/*", false);
        assertEquals(List.of("admin"), signIn("gateway-at", secret, "access_token"));
        assertEquals(List.of("viewer"), signIn("gateway-at", secret, "id_token"), "the ID token of this client carries no roles");
    }

    private List<String> signIn(String clientId, String secret, String roleSource) {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Fixtures.Connection connection = Fixtures.createConnection(app, keycloak.realmIssuer(realm), Map.of(
                "client_id", clientId, "client_secret", secret, "role_source", roleSource, "role_claim", "roles"));
        Fixtures.Pkce pkce = Fixtures.pkce();
        Browser.Result result = Fixtures.browser().signInWithPassword(Fixtures.authorizeUrl(connection, pkce, "kc", "n"),
                "kay", PASSWORD, app.redirectUri());
        assertTrue(result.redirectedTo(app.redirectUri() + "?code="), () -> "ended at " + result);
        Response tokens = Fixtures.exchange(app, result.parameter("code"), pkce.verifier());
        tokens.then().statusCode(200);
        Map<String, Object> idToken = Fixtures.claims(tokens.path("id_token"));
        assertEquals("kay@corp.example", idToken.get("email"));
        assertEquals("Kay", idToken.get("given_name"));
        @SuppressWarnings("unchecked")
        List<String> roles = (List<String>) idToken.get("roles");
        return roles;
    }
}
