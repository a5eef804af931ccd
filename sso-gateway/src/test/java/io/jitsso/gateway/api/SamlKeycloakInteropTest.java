package io.jitsso.gateway.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.Topics;
import io.jitsso.gateway.support.Browser;
import io.jitsso.gateway.support.Events;
import io.jitsso.gateway.support.Fixtures;
import io.jitsso.gateway.support.SamlFixtures;
import io.jitsso.gateway.support.SharedKeycloak;
import io.jitsso.testing.KeycloakServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interop with a real Keycloak 26.7.3 as a SAML 2.0 IdP: the connection fetches Keycloak's IdP
 * metadata from its descriptor URL, Keycloak gets the gateway's SP entity id, ACS and signing certificate (it requires
 * signed AuthnRequests), and a browser signs in through Keycloak's login form and its auto-posting
 * response form. Realm roles arrive as one multi-valued attribute.
 */
@QuarkusTest
class SamlKeycloakInteropTest {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(20);
    private static final String PASSWORD = "Passw0rd-" + UUID.randomUUID();
    private static KeycloakServer keycloak;
    private static String realm;

    @BeforeAll
    static void realm() throws Exception {
        keycloak = SharedKeycloak.get();
        realm = "saml-" + UUID.randomUUID().toString().substring(0, 8);
        keycloak.createRealm(realm, "kay", PASSWORD);
        keycloak.createUser(realm, "editor-ed", PASSWORD, List.of("team-web-editors", "corp-staff"));
    }

    private record Connected(Fixtures.App app, String id, String loginUrl) {
    }

    private static Connected connect(Map<String, Object> overrides) throws Exception {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Map<String, Object> body = SamlFixtures.body(app, Map.of("metadata_url",
                keycloak.realmIssuer(realm) + "/protocol/saml/descriptor", "sign_authn_requests", true), overrides);
        Response created = given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(body)
                .post("/admin/v1/tenants/" + app.tenant() + "/connections");
        created.then().log().ifValidationFails().statusCode(201);
        String certificate = ((String) created.path("saml.sp_certificate")).replaceAll("-----[A-Z ]+-----|\\s", "");
        keycloak.createSamlClient(realm, created.path("saml.sp_entity_id"), created.path("saml.acs_url"), "Role", certificate);
        return new Connected(app, created.path("id"), created.path("login_url"));
    }

    private static Browser.Result signIn(Connected connection, String user) {
        return Fixtures.browser().signInWithPassword(connection.loginUrl(), user, PASSWORD, connection.app().redirectUri());
    }

    @Test
    void rolesFromTheMultiValuedAttributeAndCreatedThenUpdated() throws Exception {
        Connected connection = connect(Map.of());
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/" + connection.app().tenant() + "/connections/"
                + connection.id()).then().statusCode(200)
                .body("saml.entity_id", org.hamcrest.Matchers.equalTo(keycloak.realmIssuer(realm)))
                .body("saml.sso_url", org.hamcrest.Matchers.equalTo(keycloak.realmIssuer(realm) + "/protocol/saml"))
                .body("saml.metadata_url", org.hamcrest.Matchers.endsWith("/protocol/saml/descriptor"));
        Browser.Result first = signIn(connection, "kay");
        assertTrue(first.redirectedTo(connection.app().redirectUri() + "?code="), () -> "ended at " + first);
        Response tokens = Fixtures.exchange(connection.app(), first.parameter("code"), null);
        tokens.then().statusCode(200);
        Map<String, Object> idToken = Fixtures.claims(tokens.path("id_token"));
        assertEquals(List.of("admin"), idToken.get("roles"));
        assertEquals("kay@corp.example", idToken.get("email"));
        assertEquals("Kay", idToken.get("given_name"));

        Browser.Result second = signIn(connection, "kay");
        assertTrue(second.redirectedTo(connection.app().redirectUri() + "?code="), () -> "ended at " + second);
        Events.Event created = Events.await(Topics.SIGNIN_SUCCEEDED, e -> connection.id().equals(e.value().path("connection_id").asText())
                && e.value().path("account_version").asLong() == 1, EVENT_WAIT);
        Events.Event updated = Events.await(Topics.SIGNIN_SUCCEEDED, e -> connection.id().equals(e.value().path("connection_id").asText())
                && e.value().path("account_version").asLong() == 2, EVENT_WAIT);
        assertEquals("saml", created.value().path("protocol").asText());
        assertEquals("kay", created.value().path("upstream_subject").asText(), "Keycloak's NameID is the user name");
        assertEquals(created.value().path("account_id").asText(), updated.value().path("account_id").asText());

        Browser.Result editor = signIn(connection, "editor-ed");
        Map<String, Object> editorToken = Fixtures.claims(Fixtures.exchange(connection.app(), editor.parameter("code"), null)
                .path("id_token"));
        assertEquals(List.of("editor"), editorToken.get("roles"), "a multi-valued attribute: only the mapped value counts");
    }

    @Test
    void denialByPolicyAndDisconnect() throws Exception {
        Connected connection = connect(Map.of("required_roles", List.of("admin")));
        Browser.Result denied = signIn(connection, "editor-ed");
        assertEquals(403, denied.status(), () -> "expected a denial page: " + denied);
        assertNull(denied.location());
        Events.await(Topics.SIGNIN_DENIED, e -> connection.id().equals(e.value().path("connection_id").asText()), EVENT_WAIT);

        Browser.Result allowed = signIn(connection, "kay");
        String sessionId = Fixtures.exchange(connection.app(), allowed.parameter("code"), null).then().statusCode(200)
                .extract().path("session_id");
        String clientToken = Fixtures.clientToken(connection.app());
        Fixtures.silentAuth(clientToken, sessionId).then().statusCode(200);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .post("/admin/v1/tenants/" + connection.app().tenant() + "/connections/" + connection.id() + "/disconnect")
                .then().statusCode(200);
        Fixtures.silentAuth(clientToken, sessionId).then().statusCode(400);
        assertEquals(404, Fixtures.browser().get(connection.loginUrl()).statusCode());
    }
}
