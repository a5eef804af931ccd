package io.jitsso.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.Topics;
import io.jitsso.gateway.support.Browser;
import io.jitsso.gateway.support.Events;
import io.jitsso.gateway.support.Fixtures;
import io.jitsso.gateway.support.Provisioning;
import io.jitsso.testing.PostgresDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a sign-in leaves in the gateway's own database, and deleting a connection. */
@QuarkusTest
class SignInRecordTest {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(20);

    @Test
    void withJitOffNoAccountIsStoredAndTheSubjectStaysStable() throws Exception {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Fixtures.Connection off = Fixtures.createConnection(app, Fixtures.mockIssuer("record-off"), Map.of("jit", false));
        Fixtures.Connection on = Fixtures.createConnection(app, Fixtures.mockIssuer("record-on"), Map.of());
        String user = "kim-" + UUID.randomUUID();
        String first = subjectAfterSignIn(off, user);
        String second = subjectAfterSignIn(off, user);
        assertEquals(first, second, "the same upstream subject keeps its subject without a stored account");
        assertEquals(0, accounts(off.id()), "JIT off stores no account");
        Events.Event v2 = Events.await(Topics.SIGNIN_SUCCEEDED, e -> user.equals(e.value().path("upstream_subject").asText())
                && e.value().path("account_id").asText().equals(first), EVENT_WAIT);
        assertFalse(v2.value().path("jit").asBoolean(true));

        String onSubject = subjectAfterSignIn(on, user);
        assertEquals(1, accounts(on.id()), "JIT on stores the account");
        assertFalse(onSubject.equals(first), "the two connections' accounts differ");
    }

    @Test
    void aSessionThatCannotBeOpenedLeavesNoEventAndNoAccount() throws Exception {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("record-nosession"), Map.of());
        // the app drops the redirect URI the login URL signs into: session-service refuses to open the session
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", "moved", "redirect_uris", List.of("https://moved.example.test/callback")))
                .put(Fixtures.sessionService() + "/admin/v1/tenants/" + app.tenant() + "/apps/" + app.clientId())
                .then().statusCode(200);
        String user = "lee-" + UUID.randomUUID();
        Browser.Result result = Fixtures.browser().signIn(connection.loginUrl(), user, "{\"roles\":[\"corp-admins\"]}",
                app.redirectUri());
        assertFalse(result.redirectedTo(app.redirectUri()), () -> "no code without a session: " + result);
        assertTrue(result.status() >= 400, () -> "an error page: " + result);
        assertEquals(0, accounts(connection.id()), "the account's first sign-in rolled back");
        assertEquals(0, outbox(connection.id()), "no event waits in the outbox");
        assertThrows(AssertionError.class, () -> Events.await(Topics.SIGNIN_SUCCEEDED,
                e -> user.equals(e.value().path("upstream_subject").asText()), Duration.ofSeconds(3)),
                "no sign-in event was published");
    }

    @Test
    void deletingAConnectionDisconnectsItFirstThenRemovesItButTheAuditStays() throws Exception {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("record-delete"), Map.of());
        Browser.Result signedIn = Fixtures.browser().signIn(connection.loginUrl(), "max", "{\"roles\":[\"corp-admins\"]}",
                app.redirectUri());
        String sessionId = Fixtures.exchange(app, signedIn.parameter("code"), null).then().statusCode(200).extract().path("session_id");
        String clientToken = Fixtures.clientToken(app);
        Provisioning.awaitUsers(tenant, connection.id(), users -> users.size() == 1, EVENT_WAIT);

        String path = "/admin/v1/tenants/" + tenant + "/connections/" + connection.id();
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).delete(path).then().statusCode(204);

        Fixtures.silentAuth(clientToken, sessionId).then().statusCode(400).body("message", equalTo("Session not found"));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get(path).then().statusCode(404).contentType("application/problem+json");
        given().urlEncodingEnabled(false).redirects().follow(false).get(connection.loginUrl().substring(Fixtures.gateway().length()))
                .then().statusCode(404);
        assertEquals(0, accounts(connection.id()));
        Events.await(Topics.CONNECTION_DISCONNECTED, e -> connection.id().equals(e.value().path("connection_id").asText()),
                EVENT_WAIT);
        long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
        while (Provisioning.audit(tenant).stream().noneMatch(entry -> "connection.disconnected".equals(entry.get("action")))
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        List<Map<String, Object>> audit = Provisioning.audit(tenant);
        assertTrue(audit.stream().anyMatch(entry -> "connection.disconnected".equals(entry.get("action"))), audit::toString);
        assertTrue(audit.stream().anyMatch(entry -> "user.created".equals(entry.get("action"))), "earlier entries stay");
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).delete(path).then().statusCode(404);
    }

    private static String subjectAfterSignIn(Fixtures.Connection connection, String user) {
        Browser.Result result = Fixtures.browser().signIn(connection.loginUrl(), user, "{\"roles\":[\"corp-admins\"]}",
                connection.app().redirectUri());
        assertTrue(result.redirectedTo(connection.app().redirectUri() + "?code="), () -> "ended at " + result);
        return (String) Fixtures.claims(Fixtures.exchange(connection.app(), result.parameter("code"), null).path("id_token"))
                .get("sub");
    }

    private static long accounts(String connectionId) throws Exception {
        return count("select count(*) from upstream_account where connection_id = ?", connectionId);
    }

    private static long outbox(String connectionId) throws Exception {
        return count("select count(*) from outbox where record_key like ?", "%:" + connectionId + ":%");
    }

    private static long count(String sql, String parameter) throws Exception {
        try (var db = DriverManager.getConnection(PostgresDatabase.jdbcUrl(PostgresDatabase.named("jitsso_gateway_test")),
                PostgresDatabase.USER, PostgresDatabase.PASSWORD); var query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            var rows = query.executeQuery();
            rows.next();
            return rows.getLong(1);
        }
    }
}
