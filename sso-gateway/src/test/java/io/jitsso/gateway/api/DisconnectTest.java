package io.jitsso.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.Topics;
import io.jitsso.gateway.support.Browser;
import io.jitsso.gateway.support.Events;
import io.jitsso.gateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Disconnect and reconnect (SPEC A9). */
@QuarkusTest
class DisconnectTest {

    @Test
    void disconnectKillsTheLoginUrlRevokesSessionsAndTellsProvisioning() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("disconnect"), Map.of());
        Browser.Result signedIn = Fixtures.browser().signIn(connection.loginUrl(), "ivan", "{\"roles\":[\"corp-admins\"]}",
                app.redirectUri());
        String sessionId = Fixtures.exchange(app, signedIn.parameter("code"), null).then().statusCode(200).extract().path("session_id");
        String clientToken = Fixtures.clientToken(app);
        Fixtures.silentAuth(clientToken, sessionId).then().statusCode(200);

        given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .post("/admin/v1/tenants/" + tenant + "/connections/" + connection.id() + "/disconnect")
                .then().statusCode(200).body("status", equalTo("DISCONNECTED")).body("revoked_sessions", greaterThanOrEqualTo(1));

        Fixtures.silentAuth(clientToken, sessionId).then().statusCode(400).body("message", equalTo("Session not found"));
        Response dead = given().urlEncodingEnabled(false).redirects().follow(false).get(relative(connection.loginUrl()));
        assertEquals(404, dead.statusCode());
        Response appInitiated = given().urlEncodingEnabled(false).redirects().follow(false).get(relative(
                Fixtures.authorizeUrl(connection, Fixtures.pkce(), "s", null)));
        assertEquals(302, appInitiated.statusCode());
        assertTrue(appInitiated.header("Location").startsWith(app.redirectUri() + "?error=invalid_request"));
        given().urlEncodingEnabled(false).redirects().follow(false).get("/oidc/" + connection.id() + "/callback").then().statusCode(404);
        Events.Event event = Events.await(Topics.CONNECTION_DISCONNECTED,
                e -> connection.id().equals(e.value().path("connection_id").asText()), Duration.ofSeconds(20));
        assertEquals(tenant + ":" + connection.id(), event.key());
        assertEquals(tenant, event.value().path("tenant_id").asText());

        // disconnecting again is harmless (and retries the revocation)
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .post("/admin/v1/tenants/" + tenant + "/connections/" + connection.id() + "/disconnect")
                .then().statusCode(200).body("revoked_sessions", equalTo(0));

        String newLoginUrl = given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .post("/admin/v1/tenants/" + tenant + "/connections/" + connection.id() + "/reconnect")
                .then().statusCode(200).body("status", equalTo("ACTIVE")).extract().path("login_url");
        assertNotEquals(connection.loginUrl(), newLoginUrl);
        assertEquals(404, given().urlEncodingEnabled(false).redirects().follow(false).get(relative(connection.loginUrl())).statusCode(), "the old URL stays dead");
        Browser.Result back = Fixtures.browser().signIn(newLoginUrl, "ivan", "{\"roles\":[\"corp-admins\"]}", app.redirectUri());
        assertTrue(back.redirectedTo(app.redirectUri() + "?code="), () -> "after reconnect: " + back);
        Fixtures.exchange(app, back.parameter("code"), null).then().statusCode(200);
    }

    private static String relative(String url) {
        return url.substring(Fixtures.gateway().length());
    }
}
