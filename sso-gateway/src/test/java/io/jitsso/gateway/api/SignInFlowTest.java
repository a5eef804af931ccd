package io.jitsso.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.Topics;
import io.jitsso.gateway.support.Browser;
import io.jitsso.gateway.support.Events;
import io.jitsso.gateway.support.Fixtures;
import io.jitsso.gateway.support.Migration;
import io.jitsso.gateway.support.Provisioning;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Federated sign-in end to end: real upstream (mock-oauth2-server), real session-service, real Kafka. */
@QuarkusTest
class SignInFlowTest {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(20);

    @Test
    void loginUrlEndsAtTheAppWithACodeThatYieldsTokensAndASharedSession() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Fixtures.App second = Fixtures.newApp(tenant);
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("login-url"), Map.of());

        Browser.Result result = Fixtures.browser().signIn(connection.loginUrl(), "alice",
                "{\"email\":\"alice@corp.example\",\"email_verified\":true,\"name\":\"Alice A\",\"roles\":[\"corp-admins\"]}",
                app.redirectUri());

        assertTrue(result.redirectedTo(app.redirectUri() + "?code="), () -> "ended at " + result);
        assertNull(result.parameter("state"), "a login URL sign-in has no app state");
        Response tokens = Fixtures.exchange(app, result.parameter("code"), null);
        tokens.then().log().ifValidationFails().statusCode(200);
        Map<String, Object> idToken = Fixtures.claims(tokens.path("id_token"));
        assertEquals("alice@corp.example", idToken.get("email"));
        assertEquals(List.of("admin"), idToken.get("roles"));
        assertEquals(List.of("fed"), idToken.get("amr"));
        assertEquals(36, ((String) idToken.get("sub")).length(), "the subject is the gateway's account id");
        String sessionId = tokens.path("session_id");
        assertNotNull(sessionId);

        Response silent = Fixtures.silentAuth(Fixtures.clientToken(second), sessionId);
        silent.then().log().ifValidationFails().statusCode(200);
        assertEquals(idToken.get("sub"), Fixtures.claims(silent.path("id_token")).get("sub"));
        Fixtures.exchange(app, result.parameter("code"), null).then().statusCode(400);
    }

    /**
     * The gateway keeps no upstream session (NoGatewaySession): the callback's answer carries no
     * upstream token in any cookie, and a request presenting a session cookie is never signed in
     * from it.
     */
    @Test
    void noUpstreamTokenIsKeptInACookieAndASessionCookieSignsNobodyIn() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("no-session"), Map.of());
        Browser browser = Fixtures.browser();
        Browser.Result atCallback = browser.toCallback(connection.loginUrl(), "dora",
                "{\"email\":\"dora@corp.example\",\"email_verified\":true,\"roles\":[\"corp-admins\"]}");

        java.net.http.HttpResponse<String> callback = browser.get(atCallback.location());
        String location = callback.headers().firstValue("Location").orElse("");
        assertTrue(location.startsWith(app.redirectUri() + "?code="), () -> "callback answered " + callback.statusCode() + " " + location);
        List<String> cookies = callback.headers().allValues("Set-Cookie");
        for (String cookie : cookies) {
            String value = cookie.substring(cookie.indexOf('=') + 1, cookie.contains(";") ? cookie.indexOf(';') : cookie.length());
            assertFalse(value.contains("eyJ") || value.length() > 200, "a cookie carries a token: " + cookie);
            if (cookie.startsWith("q_session")) {
                assertTrue(value.isEmpty() && cookie.contains("Max-Age=0"), "the session cookie is not cleared: " + cookie);
            }
        }

        String bare = atCallback.location().substring(0, atCallback.location().indexOf('?'));
        java.net.http.HttpResponse<String> withSessionCookie = Fixtures.browser().getWithCookie(bare,
                "q_session_" + connection.id() + "=none");
        String next = withSessionCookie.headers().firstValue("Location").orElse("");
        assertFalse(next.startsWith(app.redirectUri()), "a session cookie signed someone in: " + next);
        assertTrue(withSessionCookie.statusCode() < 500, () -> "answered " + withSessionCookie.statusCode());
    }

    /**
     * ADR-29: the address of the browser that completed the sign-in is in its event and the tenant's audit. The
     * gateway trusts no proxy unless the operator names them (as here), so an X-Forwarded-For header is the
     * client's own word and changes nothing.
     */
    @Test
    void theBrowsersAddressReachesTheAuditAndAForwardedForFromAnUntrustedPeerDoesNot() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("address"), Map.of());
        Browser browser = Fixtures.browser();
        Browser.Result atCallback = browser.toCallback(connection.loginUrl(), "erin", "{\"email\":\"erin@corp.example\"}");
        java.net.http.HttpResponse<String> callback = browser.getWithHeader(atCallback.location(), "X-Forwarded-For",
                "203.0.113.7");
        assertTrue(callback.headers().firstValue("Location").orElse("").startsWith(app.redirectUri() + "?code="),
                () -> "callback answered " + callback.statusCode() + " " + callback.body());
        Fixtures.browser().signIn(connection.loginUrl(), "erin", "{\"email\":\"erin@corp.example\"}", app.redirectUri());

        List<Map<String, Object>> signIns = Provisioning.awaitAudit(tenant, entries -> entries.stream()
                .filter(entry -> "signin.succeeded".equals(entry.get("action"))).count() == 2, Duration.ofSeconds(20))
                .stream().filter(entry -> "signin.succeeded".equals(entry.get("action"))).toList();
        @SuppressWarnings("unchecked")
        List<Object> addresses = signIns.stream()
                .map(entry -> ((Map<String, Object>) entry.get("details")).get("client_address")).toList();
        assertEquals(List.of("127.0.0.1", "127.0.0.1"), addresses, "the peer's address, both times: " + signIns);
    }

    @Test
    void appInitiatedSignInWithPkceReturnsStateAndNonce() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("pkce"), Map.of());
        Fixtures.Pkce pkce = Fixtures.pkce();
        String state = "st-" + UUID.randomUUID();
        String nonce = "nn-" + UUID.randomUUID();

        Browser.Result result = Fixtures.browser().signIn(Fixtures.authorizeUrl(connection, pkce, state, nonce), "carol",
                "{\"roles\":[\"team-web-editors\"]}", app.redirectUri());

        assertTrue(result.redirectedTo(app.redirectUri() + "?code="), () -> "ended at " + result);
        assertEquals(state, result.parameter("state"));
        assertEquals(Fixtures.sessionService() + "/t/" + tenant, result.parameter("iss"), "RFC 9207 issuer identification");
        Fixtures.exchange(app, result.parameter("code"), Fixtures.pkce().verifier()).then().statusCode(400);

        Browser.Result again = Fixtures.browser().signIn(Fixtures.authorizeUrl(connection, pkce, state, nonce), "carol",
                "{\"roles\":[\"team-web-editors\"]}", app.redirectUri());
        Response tokens = Fixtures.exchange(app, again.parameter("code"), pkce.verifier());
        tokens.then().log().ifValidationFails().statusCode(200);
        Map<String, Object> idToken = Fixtures.claims(tokens.path("id_token"));
        assertEquals(nonce, idToken.get("nonce"));
        assertEquals(List.of("editor"), idToken.get("roles"));
        Fixtures.exchange(app, again.parameter("code"), pkce.verifier()).then().statusCode(400);
    }

    @Test
    void rolesMapByExactRuleByPatternOrFallBackToTheDefault() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("roles"), Map.of(
                "role_claim", "realm_access.roles"));
        assertEquals(List.of("admin"), rolesAfterSignIn(connection, "{\"realm_access\":{\"roles\":[\"corp-admins\",\"x\"]}}"));
        assertEquals(List.of("editor"), rolesAfterSignIn(connection, "{\"realm_access\":{\"roles\":[\"team-db-editors\"]}}"));
        assertEquals(List.of("admin", "editor"),
                rolesAfterSignIn(connection, "{\"realm_access\":{\"roles\":[\"team-db-editors\",\"corp-admins\"]}}"));
        assertEquals(List.of("viewer"), rolesAfterSignIn(connection, "{\"realm_access\":{\"roles\":[\"team-DB-editors\"]}}"));
        assertEquals(List.of("viewer"), rolesAfterSignIn(connection, "{}"));
    }

    @Test
    void aRoleMappingPastItsBudgetEndsOnAPageAndRecordsNothing() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        // polynomial backtracking passes the shape check on save; the mapping's budget is what stops it
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("slow-mapping"), Map.of(
                "role_mappings", List.of(
                        Map.of("match", "exact", "value", "corp-admins", "roles", List.of("admin")),
                        Map.of("match", "pattern", "value", "a*a*a*a*a*a*a*a*a*a*b", "roles", List.of("editor")))));
        String user = "slow-" + UUID.randomUUID();
        Browser.Result refused = Fixtures.browser().signIn(connection.loginUrl(), user,
                "{\"roles\":[\"" + "a".repeat(1000) + "\"]}", app.redirectUri());
        assertEquals(403, refused.status(), () -> "expected a refusal page: " + refused);
        assertNull(refused.location(), "no redirect, so no code");
        assertTrue(refused.body().contains("role_mapping_too_slow"), refused.body());
        // nothing was recorded: the same user's next sign-in is the account's first
        Browser.Result accepted = Fixtures.browser().signIn(connection.loginUrl(), user, "{\"roles\":[\"corp-admins\"]}",
                app.redirectUri());
        Fixtures.exchange(app, accepted.parameter("code"), null).then().statusCode(200);
        Events.Event event = Events.await(Topics.SIGNIN_SUCCEEDED, e -> user.equals(e.value().path("upstream_subject").asText()),
                EVENT_WAIT);
        assertEquals(1, event.value().path("account_version").asLong());
    }

    @Test
    void rolesCanComeFromTheAccessTokenOrUserinfo() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Fixtures.Connection fromAccessToken = Fixtures.createConnection(app, Fixtures.mockIssuer("at-roles"), Map.of(
                "role_source", "access_token", "role_claim", "groups"));
        assertEquals(List.of("admin"), rolesAfterSignIn(fromAccessToken, "{\"groups\":[\"corp-admins\"]}"));
        Fixtures.Connection fromUserinfo = Fixtures.createConnection(app, Fixtures.mockIssuer("ui-roles"), Map.of(
                "role_source", "userinfo", "role_claim", "groups"));
        assertEquals(List.of("admin"), rolesAfterSignIn(fromUserinfo, "{\"groups\":[\"corp-admins\"]}"));
    }

    @Test
    void jitOffPutsTheMappedProfileAndRolesIntoTheTokens() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Migration.putSchema(tenant, List.of(Map.of("name", "department", "type", "string")));
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("jit-off"), Map.of(
                "jit", false,
                "attribute_mappings", Map.of("display_name", "preferred_username", "custom", Map.of("department", "org.dept"))));
        String user = "dave-" + UUID.randomUUID();
        Browser.Result result = Fixtures.browser().signIn(connection.loginUrl(), user,
                "{\"email\":\"dave@corp.example\",\"email_verified\":true,\"given_name\":\"Dave\",\"family_name\":\"Doe\","
                        + "\"preferred_username\":\"ddoe\",\"org\":{\"dept\":\"R&D\"},\"roles\":[\"corp-admins\"]}",
                app.redirectUri());
        Response tokens = Fixtures.exchange(app, result.parameter("code"), null);
        tokens.then().statusCode(200);
        for (String token : List.of((String) tokens.path("id_token"), (String) tokens.path("access_token"))) {
            Map<String, Object> claims = Fixtures.claims(token);
            assertEquals("dave@corp.example", claims.get("email"));
            assertEquals(true, claims.get("email_verified"));
            assertEquals("Dave", claims.get("given_name"));
            assertEquals("Doe", claims.get("family_name"));
            assertEquals("ddoe", claims.get("name"));
            assertEquals(List.of("admin"), claims.get("roles"));
            assertEquals(Map.of("department", "R&D"), claims.get("attributes"));
        }
        Events.Event event = Events.await(Topics.SIGNIN_SUCCEEDED,
                e -> user.equals(e.value().path("upstream_subject").asText()), EVENT_WAIT);
        assertFalse(event.value().path("jit").asBoolean(true), "the event says JIT is off: no user is provisioned");
        assertEquals(Fixtures.claims(tokens.path("id_token")).get("sub"), event.value().path("account_id").asText());
    }

    @Test
    void everySignInIsASucceededEventWithTheAccountAndItsVersion() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("events"), Map.of());
        String user = "erin-" + UUID.randomUUID();
        String claims = "{\"email\":\"erin@corp.example\",\"email_verified\":true,\"roles\":[\"corp-admins\"],\"amr\":[\"pwd\",\"mfa\"]}";
        Browser.Result first = Fixtures.browser().signIn(connection.loginUrl(), user, claims, app.redirectUri());
        Browser.Result second = Fixtures.browser().signIn(connection.loginUrl(), user, claims, app.redirectUri());
        String firstSubject = (String) Fixtures.claims(Fixtures.exchange(app, first.parameter("code"), null).path("id_token")).get("sub");
        String secondSubject = (String) Fixtures.claims(Fixtures.exchange(app, second.parameter("code"), null).path("id_token")).get("sub");
        assertEquals(firstSubject, secondSubject, "one upstream subject, one account");

        Events.Event v1 = Events.await(Topics.SIGNIN_SUCCEEDED, e -> user.equals(e.value().path("upstream_subject").asText())
                && e.value().path("account_version").asLong() == 1, EVENT_WAIT);
        Events.Event v2 = Events.await(Topics.SIGNIN_SUCCEEDED, e -> user.equals(e.value().path("upstream_subject").asText())
                && e.value().path("account_version").asLong() == 2, EVENT_WAIT);
        assertEquals(firstSubject, v1.value().path("account_id").asText());
        assertEquals(firstSubject, v2.value().path("account_id").asText());
        assertEquals(tenant + ":" + connection.id() + ":" + user, v1.key());
        assertEquals("SUCCEEDED", v1.value().path("outcome").asText());
        assertEquals("oidc", v1.value().path("protocol").asText());
        assertEquals(1, v1.value().path("schema_version").asInt());
        assertEquals("erin@corp.example", v1.value().path("profile").path("email").asText());
        assertEquals("admin", v1.value().path("roles").path(0).asText());
        assertEquals("mfa", v1.value().path("amr").path(1).asText(), "the upstream's amr, as asserted");
    }

    @Test
    void upstreamMfaCountsOnlyWhenTheConnectionTrustsIt() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Fixtures.Connection trusting = Fixtures.createConnection(app, Fixtures.mockIssuer("mfa"), Map.of("trust_upstream_mfa", true));
        Fixtures.Connection doubting = Fixtures.createConnection(app, Fixtures.mockIssuer("mfa"), Map.of());
        String claims = "{\"amr\":[\"pwd\",\"mfa\"]}";
        Browser.Result trusted = Fixtures.browser().signIn(trusting.loginUrl(), "fay", claims, app.redirectUri());
        Browser.Result doubted = Fixtures.browser().signIn(doubting.loginUrl(), "fay", claims, app.redirectUri());
        assertEquals(List.of("fed", "mfa"), Fixtures.claims(Fixtures.exchange(app, trusted.parameter("code"), null).path("id_token")).get("amr"));
        assertEquals(List.of("fed"), Fixtures.claims(Fixtures.exchange(app, doubted.parameter("code"), null).path("id_token")).get("amr"));
    }

    @Test
    void aPolicyDenialShowsWhyEmitsADeniedEventAndRevokesTheAccountsSessions() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("policy"), Map.of(
                "required_roles", List.of("admin")));
        String user = "gus-" + UUID.randomUUID();
        Browser.Result allowed = Fixtures.browser().signIn(connection.loginUrl(), user, "{\"roles\":[\"corp-admins\"]}", app.redirectUri());
        String sessionId = Fixtures.exchange(app, allowed.parameter("code"), null).then().statusCode(200).extract().path("session_id");
        String clientToken = Fixtures.clientToken(app);
        Fixtures.silentAuth(clientToken, sessionId).then().statusCode(200);

        Browser.Result denied = Fixtures.browser().signIn(connection.loginUrl(), user, "{\"roles\":[\"team-web-editors\"]}",
                app.redirectUri());

        assertEquals(403, denied.status(), () -> "expected a denial page: " + denied);
        assertNull(denied.location(), "no redirect, so no code");
        assertTrue(denied.body().contains("one of the roles admin"), denied.body());
        assertTrue(denied.body().contains("editor"), denied.body());
        Events.Event event = Events.await(Topics.SIGNIN_DENIED, e -> user.equals(e.value().path("upstream_subject").asText()),
                EVENT_WAIT);
        assertEquals("DENIED", event.value().path("outcome").asText());
        assertEquals(2, event.value().path("account_version").asLong());
        assertTrue(event.value().path("denial_reason").asText().contains("admin"));
        Fixtures.silentAuth(clientToken, sessionId).then().statusCode(400).body("message", org.hamcrest.Matchers.equalTo("Session not found"));

        String newcomer = "hal-" + UUID.randomUUID();
        Browser.Result first = Fixtures.browser().signIn(connection.loginUrl(), newcomer, "{}", app.redirectUri());
        assertEquals(403, first.status());
        Events.await(Topics.SIGNIN_DENIED, e -> newcomer.equals(e.value().path("upstream_subject").asText()), EVENT_WAIT);
    }

    @Test
    void twoTenantsWithTheSameUpstreamSubjectStaySeparate() {
        String tenantA = Fixtures.newTenant();
        String tenantB = Fixtures.newTenant();
        Fixtures.App appA = Fixtures.newApp(tenantA);
        Fixtures.App appB = Fixtures.newApp(tenantB);
        String issuer = Fixtures.mockIssuer("shared-idp");
        Fixtures.Connection a = Fixtures.createConnection(appA, issuer, Map.of());
        Fixtures.Connection b = Fixtures.createConnection(appB, issuer, Map.of());
        Browser browser = Fixtures.browser();
        Browser.Result inA = browser.signIn(a.loginUrl(), "same-person", "{\"roles\":[\"corp-admins\"]}", appA.redirectUri());
        Browser.Result inB = browser.signIn(b.loginUrl(), "same-person", "{\"roles\":[\"corp-admins\"]}", appB.redirectUri());
        Response tokensA = Fixtures.exchange(appA, inA.parameter("code"), null);
        Response tokensB = Fixtures.exchange(appB, inB.parameter("code"), null);
        assertNotEquals(Fixtures.claims(tokensA.path("id_token")).get("sub"), Fixtures.claims(tokensB.path("id_token")).get("sub"));
        Fixtures.exchange(appB, inA.parameter("code"), null).then().statusCode(400);
        Fixtures.silentAuth(Fixtures.clientToken(appB), tokensA.path("session_id")).then().statusCode(400);
    }

    private static List<String> rolesAfterSignIn(Fixtures.Connection connection, String claims) {
        Browser.Result result = Fixtures.browser().signIn(connection.loginUrl(), "user-" + UUID.randomUUID(), claims,
                connection.app().redirectUri());
        assertTrue(result.redirectedTo(connection.app().redirectUri()), () -> "ended at " + result);
        Response tokens = Fixtures.exchange(connection.app(), result.parameter("code"), null);
        tokens.then().statusCode(200);
        @SuppressWarnings("unchecked")
        List<String> roles = (List<String>) Fixtures.claims(tokens.path("id_token")).get("roles");
        return roles;
    }
}
