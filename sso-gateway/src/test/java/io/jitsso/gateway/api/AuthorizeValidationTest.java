package io.jitsso.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.gateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The app-facing authorization endpoint refuses what it must: unknown clients and unregistered
 * redirect URIs get an error page and never a redirect (no open redirect); protocol errors of a
 * valid client go back to its registered redirect URI as OAuth errors.
 */
@QuarkusTest
class AuthorizeValidationTest {

    private Fixtures.App app;
    private Fixtures.Connection connection;
    private Fixtures.Pkce pkce;

    @BeforeEach
    void setUp() {
        String tenant = Fixtures.newTenant();
        app = Fixtures.newApp(tenant);
        connection = Fixtures.createConnection(app, Fixtures.mockIssuer("validation"), Map.of());
        pkce = Fixtures.pkce();
    }

    private Response authorize(String query) {
        return given().urlEncodingEnabled(false).redirects().follow(false).accept("text/html").get("/t/" + app.tenant() + "/authorize?" + query);
    }

    private String valid(String redirectUri) {
        return "response_type=code&client_id=" + app.clientId() + "&redirect_uri=" + Fixtures.encode(redirectUri)
                + "&state=s1&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256&connection=" + connection.id();
    }

    @Test
    void aValidRequestGoesStraightToTheUpstreamWithPkceStateAndNonce() {
        Response response = authorize(valid(app.redirectUri()));
        assertEquals(302, response.statusCode());
        String location = response.header("Location");
        assertTrue(location.startsWith(Fixtures.mockIssuer("validation") + "/authorize?"), location);
        String callback = Fixtures.gateway() + "/oidc/" + connection.id() + "/callback";
        assertTrue(location.contains("redirect_uri=" + Fixtures.encode(callback)), location);
        for (String parameter : List.of("state=", "nonce=", "code_challenge=", "code_challenge_method=S256", "response_type=code")) {
            assertTrue(location.contains("&" + parameter) || location.contains("?" + parameter), parameter + " in " + location);
        }
        assertFalse(location.contains("state=s1"), "the app's state never reaches the upstream: " + location);
        List<String> cookies = response.headers().getValues("Set-Cookie");
        String handle = cookies.stream().filter(c -> c.startsWith("jitsso_signin=")).findFirst().orElseThrow();
        assertTrue(handle.contains("HttpOnly") && handle.contains("SameSite=Lax") && handle.contains("Path=/oidc/" + connection.id() + "/"),
                handle);
        // quarkus-oidc's state cookie (PKCE verifier and nonce), for the callback path only
        String state = cookies.stream().filter(c -> c.startsWith("q_auth_" + connection.id() + "=")).findFirst().orElseThrow();
        assertTrue(state.toLowerCase(java.util.Locale.ROOT).contains("httponly") && state.contains("Path=/oidc/" + connection.id() + "/"),
                state);
        assertEquals("no-store", response.header("Cache-Control"));
    }

    @Test
    void aReloadOfTheCallbackPathWithoutACodeStartsTheUpstreamRequestAgain() {
        Response response = given().urlEncodingEnabled(false).redirects().follow(false).accept("text/html")
                .get("/oidc/" + connection.id() + "/callback");
        assertEquals(302, response.statusCode());
        assertTrue(response.header("Location").startsWith(Fixtures.mockIssuer("validation") + "/authorize?"), response.header("Location"));
        assertTrue(response.headers().getValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("q_auth_" + connection.id() + "=")));
    }

    @Test
    void unregisteredRedirectUrisAndOpenRedirectAttemptsGetAPageNeverARedirect() {
        String registered = app.redirectUri();
        String host = java.net.URI.create(registered).getHost();
        for (String attempt : List.of("https://evil.example/callback", registered + "/../../evil", registered + "?next=https://evil.example",
                registered + "#x", registered.replace("https://", "http://"), registered.toUpperCase(),
                "https://" + host + ".evil.example/callback", "https://" + host + "@evil.example/callback",
                "//evil.example/callback", "javascript:alert(1)", registered + "/", " " + registered)) {
            Response response = authorize(valid(attempt));
            assertEquals(400, response.statusCode(), attempt);
            assertEquals(null, response.header("Location"), attempt);
            assertTrue(response.contentType().startsWith("text/html"), attempt);
            assertTrue(response.asString().contains("has not registered"), attempt);
            assertFalse(response.asString().contains("evil.example"), "the page does not echo the address: " + attempt);
        }
    }

    @Test
    void unknownOrForeignClientsGetAPage() {
        Fixtures.App foreign = Fixtures.newApp(Fixtures.newTenant());
        for (String query : List.of(valid(app.redirectUri()).replace(app.clientId(), foreign.clientId()).replace(
                        Fixtures.encode(app.redirectUri()), Fixtures.encode(foreign.redirectUri())),
                valid(app.redirectUri()).replace(app.clientId(), "no-such-client"),
                valid(app.redirectUri()).replace("client_id=" + app.clientId() + "&", ""),
                valid(app.redirectUri()).replace("redirect_uri=", "x="),
                valid(app.redirectUri()) + "&client_id=" + app.clientId(),
                valid(app.redirectUri()).replace(app.clientId(), "bad%20id"))) {
            Response response = authorize(query);
            assertEquals(400, response.statusCode(), query);
            assertEquals(null, response.header("Location"), query);
        }
        given().urlEncodingEnabled(false).redirects().follow(false).get("/t/NOT_A_TENANT/authorize?" + valid(app.redirectUri())).then().statusCode(404)
                .header("Location", nullValue());
    }

    @Test
    void protocolErrorsOfAValidClientGoBackToItsRedirectUri() {
        Map<String, String> cases = Map.of(
                valid(app.redirectUri()).replace("response_type=code", "response_type=token"), "unsupported_response_type",
                valid(app.redirectUri()).replace("&code_challenge=" + pkce.challenge(), ""), "invalid_request",
                valid(app.redirectUri()).replace("code_challenge_method=S256", "code_challenge_method=plain"), "invalid_request",
                valid(app.redirectUri()).replace("&code_challenge_method=S256", ""), "invalid_request",
                valid(app.redirectUri()).replace(pkce.challenge(), "short"), "invalid_request",
                valid(app.redirectUri()).replace("&connection=" + connection.id(), ""), "invalid_request",
                valid(app.redirectUri()).replace(connection.id(), "conn-unknown"), "invalid_request",
                valid(app.redirectUri()) + "&state=second", "invalid_request");
        cases.forEach((query, error) -> {
            Response response = authorize(query);
            assertEquals(302, response.statusCode(), query);
            String location = response.header("Location");
            assertTrue(location.startsWith(app.redirectUri() + "?error=" + error), query + " -> " + location);
            assertTrue(location.contains("error_description="), location);
            assertFalse(location.contains("code="), location);
        });
        Response token = authorize(valid(app.redirectUri()).replace("response_type=code", "response_type=token"));
        assertTrue(token.header("Location").contains("state=s1"), "the app's state comes back with the error");
        assertTrue(token.header("Location").contains("iss=" + Fixtures.encode(Fixtures.sessionService() + "/t/" + app.tenant())),
                "and the issuer (RFC 9207)");
    }

    @Test
    void aConnectionOfAnotherTenantCannotBeUsed() {
        String other = Fixtures.newTenant();
        Fixtures.Connection foreign = Fixtures.createConnection(Fixtures.newApp(other), Fixtures.mockIssuer("validation"), Map.of());
        Response response = authorize(valid(app.redirectUri()).replace(connection.id(), foreign.id()));
        assertEquals(302, response.statusCode());
        assertTrue(response.header("Location").startsWith(app.redirectUri() + "?error=invalid_request"));
    }

    @Test
    void aDisconnectedConnectionStopsStartingSignInsAtOnce() {
        Fixtures.Connection doomed = Fixtures.createConnection(app, Fixtures.mockIssuer("validation"), Map.of());
        String query = valid(app.redirectUri()).replace(connection.id(), doomed.id());
        // the first request puts the connection (and the app) into this replica's sign-in caches
        assertTrue(authorize(query).header("Location").startsWith(Fixtures.mockIssuer("validation") + "/authorize?"));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .post("/admin/v1/tenants/" + app.tenant() + "/connections/" + doomed.id() + "/disconnect")
                .then().statusCode(200);
        Response response = authorize(query);
        assertEquals(302, response.statusCode());
        assertTrue(response.header("Location").startsWith(app.redirectUri() + "?error=invalid_request"),
                () -> "went to " + response.header("Location"));
    }

    @Test
    void jsonClientsGetProblemDetails() {
        given().urlEncodingEnabled(false).redirects().follow(false).accept("application/json").get("/t/" + app.tenant() + "/authorize?"
                        + valid("https://evil.example/callback"))
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .header("Location", nullValue());
    }

    @Test
    void badLoginUrlsAreNotFound() {
        for (String path : List.of("/login/" + app.tenant() + "/" + "A".repeat(43), "/login/" + app.tenant() + "/short",
                "/login/" + app.tenant() + "/" + connection.loginUrl().substring(connection.loginUrl().lastIndexOf('/') + 1) + "x",
                "/login/other-tenant/" + connection.loginUrl().substring(connection.loginUrl().lastIndexOf('/') + 1))) {
            given().urlEncodingEnabled(false).redirects().follow(false).get(path).then().statusCode(404).header("Location", nullValue())
                    .contentType(containsString("text/html"));
        }
    }

    @Test
    void theCallbackWithoutASignInInProgressIsRefused() {
        Response response = given().urlEncodingEnabled(false).redirects().follow(false).get("/oidc/conn-does-not-exist/callback");
        assertEquals(404, response.statusCode());
        assertEquals(null, response.header("Location"));
    }
}
