package io.jitsso.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.gateway.support.Browser;
import io.jitsso.gateway.support.Fixtures;
import io.jitsso.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Broken surroundings end on a readable page, never a stack trace; secrets never reach the log. */
@QuarkusTest
class FailureModesTest {

    @Test
    void anUnreachableUpstreamIsABadGatewayPage() {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Fixtures.Connection connection = Fixtures.createConnection(app, "http://127.0.0.1:9/nowhere", Map.of());
        Browser.Result result = Fixtures.browser().signIn(connection.loginUrl(), "x", "{}", app.redirectUri());
        assertNull(result.location(), () -> "ended at " + result);
        assertEquals(502, result.status(), () -> "ended with " + result);
        assertTrue(result.body().contains("cannot be reached"), result.body());
        assertFalse(result.body().contains("Exception"), result.body());
    }

    @Test
    void signInsAndRejectionsAreCounted() {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("metrics"), Map.of());
        Fixtures.browser().signIn(connection.loginUrl(), "m", "{}", app.redirectUri());
        Fixtures.browser().signIn(connection.loginUrl(), "m", "{\"aud\":\"other\"}", app.redirectUri());
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").asString();
        assertTrue(metrics.contains("jitsso_gateway_signins_total{outcome=\"succeeded\",protocol=\"oidc\"}"), metrics);
        assertTrue(metrics.contains("jitsso_gateway_upstream_rejections_total"), metrics);
    }

    @Test
    void upstreamClientSecretsNeverReachTheLog() throws Exception {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("hygiene"), Map.of());
        Fixtures.browser().signIn(connection.loginUrl(), "x", "{}", app.redirectUri());
        String log = Files.readString(Path.of("target/sso-gateway-test.log"));
        assertFalse(log.contains("upstream-secret-"), "an upstream client secret was logged");
        String key = connection.loginUrl().substring(connection.loginUrl().lastIndexOf('/') + 1);
        assertFalse(log.contains(key), "a login URL key was logged");
    }

    @Test
    void aRequestTheRouterRefusesGetsProblemJsonAndAnUnparseableUriAPlain400() throws Exception {
        int port = io.restassured.RestAssured.port;
        RawHttp.Answer noHost = RawHttp.exchange(port, "GET /t/demo/authorize?client_id=x HTTP/1.1");
        assertEquals(400, noHost.status(), noHost::head);
        assertTrue(noHost.head().toLowerCase().contains("content-type: application/problem+json"), noHost::head);
        assertTrue(noHost.body().contains("the 'Host' header is required"), noHost::body);
        // Quarkus's root handler answers a URI java.net.URI cannot parse before any router: a bare 400, never a 500
        for (String target : List.of("/t/demo/authorize?client_id=%zz", "/t/demo/authorize?client_id=a%", "/nothing%zz")) {
            RawHttp.Answer malformed = RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: localhost");
            assertEquals(400, malformed.status(), () -> target + " answered " + malformed.head());
            assertEquals("", malformed.body(), target);
        }
    }
}
