package io.jitsso.gateway.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.Topics;
import io.jitsso.gateway.support.Browser;
import io.jitsso.gateway.support.Events;
import io.jitsso.gateway.support.Fixtures;
import io.jitsso.gateway.support.Provisioning;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SPEC A5's required roles per app (ADR-33): a sign-in the connection accepts, for an app whose required roles its
 * mapped roles miss, is denied for that app alone. No code, no session, no new user, a denied event naming the app;
 * the user, their roles and their other sessions stay. session-service, which keeps the app, decides; the gateway
 * records what it answered.
 */
@QuarkusTest
class AppRequiredRolesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String EDITOR = "{\"roles\":[\"team-web-editors\"]}";
    private static final String ADMIN = "{\"roles\":[\"corp-admins\"]}";

    @Test
    void anAppsRequiredRolesDenyTheSignInForThatAppAloneAndKeepTheUser() {
        String tenant = Fixtures.newTenant();
        Fixtures.App open = Fixtures.newApp(tenant);
        Fixtures.App strict = strictApp(tenant, List.of("admin"));
        Fixtures.Connection connection = Fixtures.createConnection(open, Fixtures.mockIssuer("app-roles"), Map.of());
        Fixtures.Connection toStrict = new Fixtures.Connection(tenant, connection.id(), connection.loginUrl(), strict,
                connection.issuer());
        String user = "ed-" + UUID.randomUUID();

        // signed in as an admin: the strict app takes that session
        String adminSession = session(open, connection, user, ADMIN);
        String strictToken = Fixtures.clientToken(strict);
        String openToken = Fixtures.clientToken(open);
        Fixtures.silentAuth(strictToken, adminSession).then().statusCode(200);
        // then as an editor (the IdP withdrew admin): the session that still carries admin ends with that sign-in
        String editorSession = session(open, connection, user, EDITOR);
        Fixtures.silentAuth(strictToken, adminSession).then().statusCode(400);
        Fixtures.silentAuth(openToken, adminSession).then().statusCode(400);
        Fixtures.silentAuth(openToken, editorSession).then().statusCode(200);
        Provisioning.awaitUsers(tenant, connection.id(),
                users -> users.size() == 1 && List.of("editor").equals(users.get(0).get("roles")), WAIT);

        Browser.Result denied = Fixtures.browser().signIn(Fixtures.authorizeUrl(toStrict, Fixtures.pkce(), "st", "nn"), user,
                EDITOR, strict.redirectUri());
        assertEquals(403, denied.status(), () -> "expected a denial page: " + denied);
        assertNull(denied.location(), "no redirect, so no code");
        assertTrue(denied.body().contains("app_roles_missing"), denied.body());
        assertTrue(denied.body().contains("Strict app") && denied.body().contains("requires one of the roles admin")
                && denied.body().contains("your sign-in grants the roles editor"), denied.body());
        Events.Event event = Events.await(Topics.SIGNIN_DENIED, e -> user.equals(e.value().path("upstream_subject").asText()),
                WAIT);
        assertEquals(strict.clientId(), event.value().path("denied_app").asText());
        assertEquals(3, event.value().path("account_version").asLong(), "the denial is a sign-in of the account");
        assertTrue(event.value().path("denial_reason").asText().contains("requires one of the roles admin"));

        // the editor's session stays for the tenant's other apps, and the strict app cannot use it
        Fixtures.silentAuth(openToken, editorSession).then().statusCode(200);
        Fixtures.silentAuth(strictToken, editorSession).then().statusCode(403);
        List<Map<String, Object>> audit = Provisioning.awaitAudit(tenant, entries -> entries.stream().anyMatch(entry ->
                "signin.denied".equals(entry.get("action")) && strict.clientId().equals(details(entry).get("app"))), WAIT);
        assertTrue(audit.stream().noneMatch(entry -> "roles.withdrawn".equals(entry.get("action"))), audit::toString);
        assertEquals(List.of("editor"), Provisioning.users(tenant, connection.id()).get(0).get("roles"));

        // with the role, the same user gets in
        Fixtures.Pkce pkce = Fixtures.pkce();
        Browser.Result admitted = Fixtures.browser().signIn(Fixtures.authorizeUrl(toStrict, pkce, "st2", "nn2"), user, ADMIN,
                strict.redirectUri());
        assertTrue(admitted.redirectedTo(strict.redirectUri() + "?code="), () -> "ended at " + admitted);
        Response tokens = Fixtures.exchange(strict, admitted.parameter("code"), pkce.verifier());
        tokens.then().statusCode(200);
        assertEquals(List.of("admin"), Fixtures.claims(tokens.path("access_token")).get("roles"));
        String strictSession = tokens.path("session_id");
        Fixtures.silentAuth(strictToken, strictSession).then().statusCode(200);

        // demoted again, and refused by the strict app straight away: the denial ends the session that carries admin
        Browser.Result deniedAgain = Fixtures.browser().signIn(Fixtures.authorizeUrl(toStrict, Fixtures.pkce(), "st4", "nn4"),
                user, EDITOR, strict.redirectUri());
        assertEquals(403, deniedAgain.status(), () -> "expected a denial page: " + deniedAgain);
        Fixtures.silentAuth(strictToken, strictSession).then().statusCode(400);
        // (the editor's session had ended with the admin sign-in, which no longer granted editor)
        Fixtures.silentAuth(openToken, editorSession).then().statusCode(400);

        // a newcomer the strict app refuses is not created
        String newcomer = "new-" + UUID.randomUUID();
        Browser.Result refused = Fixtures.browser().signIn(Fixtures.authorizeUrl(toStrict, Fixtures.pkce(), "st3", "nn3"),
                newcomer, EDITOR, strict.redirectUri());
        assertEquals(403, refused.status(), () -> "expected a denial page: " + refused);
        Provisioning.awaitAudit(tenant, entries -> entries.stream().anyMatch(entry -> "signin.denied".equals(entry.get("action"))
                && newcomer.equals(details(entry).get("upstream_subject"))), WAIT);
        Provisioning.awaitUsers(tenant, connection.id(), users -> List.of("editor").equals(users.get(0).get("roles")), WAIT);
        assertEquals(1, Provisioning.users(tenant, connection.id()).size(), "no user for the refused newcomer");
    }

    /** Signs {@code user} in to {@code app} through the connection's login URL: the session id the app gets. */
    private static String session(Fixtures.App app, Fixtures.Connection connection, String user, String claims) {
        Browser.Result result = Fixtures.browser().signIn(connection.loginUrl(), user, claims, app.redirectUri());
        return Fixtures.exchange(app, result.parameter("code"), null).then().statusCode(200).extract().path("session_id");
    }

    /** An app of the tenant that requires {@code roles}, named "Strict app". */
    static Fixtures.App strictApp(String tenant, List<String> roles) {
        String redirectUri = "https://strict-" + UUID.randomUUID() + ".example.test/callback";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Strict app");
        body.put("redirect_uris", List.of(redirectUri));
        body.put("required_roles", roles);
        Response response = given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(body)
                .post(Fixtures.sessionService() + "/admin/v1/tenants/" + tenant + "/apps");
        response.then().statusCode(201);
        return new Fixtures.App(tenant, response.path("client_id"), response.path("client_secret"), redirectUri);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Map<String, Object> entry) {
        Object details = entry.get("details");
        return details instanceof Map ? (Map<String, Object>) details : Map.of();
    }
}
