package io.jitsso.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.gateway.support.Browser;
import io.jitsso.gateway.support.Fixtures;
import io.jitsso.gateway.support.Migration;
import io.jitsso.gateway.support.Provisioning;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Gateway to Kafka to provisioning-service across real processes (SPEC A6, D1, D3): the packaged
 * provisioning-service consumes the sign-in events the gateway's outbox published, and its user API
 * shows the user with the provenance of every role.
 */
@QuarkusTest
class ProvisioningPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aSignInEndsAsAProvisionedUserWithRoleProvenance() {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Migration.putSchema(app.tenant(), List.of(Map.of("name", "department", "type", "string")));
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("pipeline"), Map.of(
                "attribute_mappings", Map.of("custom", Map.of("department", "dept"))));
        String user = "ivy-" + UUID.randomUUID();
        Browser.Result result = Fixtures.browser().signIn(connection.loginUrl(), user,
                "{\"email\":\"ivy@corp.example\",\"email_verified\":true,\"name\":\"Ivy\",\"dept\":\"ops\","
                        + "\"roles\":[\"corp-admins\",\"team-web-editors\"]}", app.redirectUri());
        String subject = (String) Fixtures.claims(Fixtures.exchange(app, result.parameter("code"), null).path("id_token")).get("sub");

        List<Map<String, Object>> users = Provisioning.awaitUsers(app.tenant(), connection.id(), list -> list.size() == 1, WAIT);
        assertEquals(subject, users.get(0).get("id"), "the user's id is the subject of the app's tokens");
        JsonPath detail = Provisioning.user(app.tenant(), subject);
        assertEquals("ivy@corp.example", detail.getString("email"));
        assertEquals("ops", detail.getString("custom.department"));
        assertEquals(List.of("admin", "editor"), detail.getList("effective_roles"));
        assertEquals(List.of("connection:" + connection.id(), "connection:" + connection.id()), detail.getList("roles.source"));
        assertEquals(user, detail.getString("identities[0].upstream_subject"));

        // the next sign-in replaces this connection's roles with the ones asserted now
        Fixtures.browser().signIn(connection.loginUrl(), user, "{\"roles\":[\"team-web-editors\"]}", app.redirectUri());
        Provisioning.awaitUsers(app.tenant(), connection.id(), list -> List.of("editor").equals(list.get(0).get("roles")), WAIT);
        JsonPath updated = Provisioning.user(app.tenant(), subject);
        assertEquals(2, updated.getInt("identities[0].account_version"));
        assertEquals("ivy@corp.example", updated.getString("email"), "attributes not asserted now stay");
        List<Map<String, Object>> audit = Provisioning.audit(app.tenant());
        assertTrue(audit.stream().anyMatch(entry -> "user.created".equals(entry.get("action"))), audit::toString);
        assertTrue(audit.stream().anyMatch(entry -> "user.updated".equals(entry.get("action"))), audit::toString);
    }

    @Test
    void withJitOffNoUserIsProvisionedButTheSignInIsAudited() {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("pipeline-nojit"), Map.of("jit", false));
        String user = "jon-" + UUID.randomUUID();
        Fixtures.browser().signIn(connection.loginUrl(), user, "{\"roles\":[\"corp-admins\"]}", app.redirectUri());
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Map<String, Object>> audit = Provisioning.audit(app.tenant());
        while (audit.isEmpty() && System.nanoTime() < deadline) {
            sleep();
            audit = Provisioning.audit(app.tenant());
        }
        assertEquals(1, audit.size(), audit::toString);
        assertEquals("signin.succeeded", audit.get(0).get("action"));
        assertEquals(List.of(), Provisioning.users(app.tenant(), connection.id()));
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
