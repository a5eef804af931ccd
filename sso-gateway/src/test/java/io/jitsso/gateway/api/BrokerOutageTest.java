package io.jitsso.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.Topics;
import io.jitsso.gateway.support.Browser;
import io.jitsso.gateway.support.Events;
import io.jitsso.gateway.support.Fixtures;
import io.jitsso.gateway.support.Provisioning;
import io.jitsso.testing.KafkaBroker;
import io.jitsso.testing.PostgresDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Sign-ins do not depend on the broker: while it is down they succeed and their events wait in the
 * outbox; once it is back every one of them is published, and the real provisioning-service process
 * provisions every one of them exactly once (SPEC D2).
 */
@QuarkusTest
class BrokerOutageTest {

    @Test
    void signInsAcceptedWhileTheBrokerIsDownArePublishedWhenItReturns() throws Exception {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("outage"), Map.of());
        List<String> users = new ArrayList<>();
        KafkaBroker broker = KafkaBroker.shared();
        broker.stop();
        try {
            for (int i = 0; i < 3; i++) {
                String user = "outage-" + UUID.randomUUID();
                users.add(user);
                Browser.Result result = Fixtures.browser().signIn(connection.loginUrl(), user, "{}", app.redirectUri());
                assertTrue(result.redirectedTo(app.redirectUri() + "?code="), () -> "sign-in during the outage: " + result);
            }
            assertTrue(pendingFor(connection.id()) >= 3, "the events wait in the outbox");
        } finally {
            broker.start();
        }
        for (String user : users) {
            Events.Event event = Events.await(Topics.SIGNIN_SUCCEEDED,
                    e -> user.equals(e.value().path("upstream_subject").asText()), Duration.ofSeconds(60));
            assertEquals(1, event.value().path("account_version").asLong());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (pendingFor(connection.id()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, pendingFor(connection.id()), "the outbox drains");

        List<Map<String, Object>> provisioned = Provisioning.awaitUsers(app.tenant(), connection.id(),
                list -> list.size() >= users.size(), Duration.ofSeconds(60));
        Thread.sleep(2000); // a duplicate delivery, if any, would land in this time
        provisioned = Provisioning.users(app.tenant(), connection.id());
        assertEquals(users.size(), provisioned.size(), () -> "one user per accepted sign-in: " + Provisioning.users(
                app.tenant(), connection.id()));
        for (Map<String, Object> user : provisioned) {
            assertEquals(1, ((Number) user.get("version")).intValue(), "created once, never re-applied");
        }
        List<Map<String, Object>> audit = Provisioning.audit(app.tenant());
        assertEquals(users.size(), audit.stream().filter(entry -> "user.created".equals(entry.get("action"))).count());
        assertEquals(users.size(), audit.stream().filter(entry -> "signin.succeeded".equals(entry.get("action"))).count(),
                audit::toString);
    }

    private static long pendingFor(String connectionId) throws Exception {
        try (var db = DriverManager.getConnection(PostgresDatabase.jdbcUrl(PostgresDatabase.named("jitsso_gateway_test")), PostgresDatabase.USER,
                PostgresDatabase.PASSWORD);
                var query = db.prepareStatement("select count(*) from outbox where record_key like ?")) {
            query.setString(1, "%:" + connectionId + ":%");
            var rows = query.executeQuery();
            rows.next();
            return rows.getLong(1);
        }
    }
}
