package io.jitsso.provisioning.messaging;

import static io.jitsso.provisioning.Fixtures.accountId;
import static io.jitsso.provisioning.Fixtures.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jitsso.contracts.events.ConnectionDisconnectedEvent;
import io.jitsso.provisioning.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** SPEC A9: a disconnect downgrades the connection's users to viewer, once, and touches nobody else. */
@QuarkusTest
class DisconnectTest {

    @Test
    void disconnectDowngradesEveryUserOfTheConnectionOnce() {
        String tenant = Fixtures.newTenant();
        String otherTenant = Fixtures.newTenant();
        UUID alice = accountId(tenant, "okta", "alice");
        UUID bob = accountId(tenant, "okta", "bob");
        UUID carol = accountId(tenant, "azure", "carol");
        UUID elsewhere = accountId(otherTenant, "okta", "alice");
        Fixtures.publish(Fixtures.succeeded(tenant, "okta", "alice", 1, List.of("admin"), profile("alice@example.com", true)));
        Fixtures.publish(Fixtures.succeeded(tenant, "okta", "bob", 1, List.of("editor", "viewer"), profile("bob@example.com", true)));
        Fixtures.publish(Fixtures.succeeded(tenant, "azure", "carol", 1, List.of("editor"), profile("carol@example.com", true)));
        Fixtures.publish(Fixtures.succeeded(otherTenant, "okta", "alice", 1, List.of("admin"), profile("alice@example.com", true)));
        Fixtures.awaitAccountVersion(tenant, "okta", "alice", 1);
        Fixtures.awaitAccountVersion(tenant, "okta", "bob", 1);
        Fixtures.awaitAccountVersion(tenant, "azure", "carol", 1);
        Fixtures.awaitAccountVersion(otherTenant, "okta", "alice", 1);

        ConnectionDisconnectedEvent disconnect = Fixtures.disconnected(tenant, "okta");
        Fixtures.publish(disconnect);
        Fixtures.awaitAudit(tenant, "connection.disconnected", 1);

        assertEquals(List.of("viewer@system"), Fixtures.grants(tenant, alice));
        assertEquals(List.of("viewer@system"), Fixtures.grants(tenant, bob));
        assertEquals(2, Fixtures.user(tenant, alice).get("version"));
        assertEquals(List.of("editor@connection:azure"), Fixtures.grants(tenant, carol), "another connection's user is untouched");
        assertEquals(1, Fixtures.user(tenant, carol).get("version"));
        assertEquals(List.of("admin@connection:okta"), Fixtures.grants(otherTenant, elsewhere), "another tenant's okta is untouched");
        assertEquals(2, Fixtures.audits(tenant, "user.downgraded"));
        Map<String, Object> summary = Fixtures.admin().get("/admin/v1/tenants/" + tenant + "/audit?limit=1")
                .then().statusCode(200).extract().jsonPath().getMap("[0]");
        assertEquals("connection.disconnected", summary.get("action"));
        assertEquals(2, ((Map<?, ?>) summary.get("details")).get("users_downgraded"));

        // delivered again: applied once
        Fixtures.drain(Fixtures.publish(disconnect));
        assertEquals(2, Fixtures.user(tenant, alice).get("version"));
        assertEquals(1, Fixtures.audits(tenant, "connection.disconnected"));
        assertEquals(2, Fixtures.audits(tenant, "user.downgraded"));

        List<Map<String, Object>> events = Fixtures.userEvents(tenant, 5);
        List<Map<String, Object>> downgrades = events.stream().filter(e -> "DOWNGRADED".equals(e.get("type"))).toList();
        assertEquals(2, downgrades.size());
        for (Map<String, Object> event : downgrades) {
            assertEquals("jitsso.user.downgraded.v1", event.get("_topic"));
            assertEquals(List.of("viewer"), event.get("roles"));
            assertEquals("okta", event.get("connection_id"));
        }

        // reconnected: the roles come back with the next sign-in
        Fixtures.publish(Fixtures.succeeded(tenant, "okta", "alice", 2, List.of("admin"), profile("alice@example.com", true)));
        Fixtures.awaitAccountVersion(tenant, "okta", "alice", 2);
        assertEquals(List.of("admin@connection:okta", "viewer@system"), Fixtures.grants(tenant, alice));
    }

    @Test
    void signInsReadBeforeTheDisconnectGrantNothingWhenTheyArriveAfterIt() {
        String tenant = Fixtures.newTenant();
        UUID alice = accountId(tenant, "okta", "alice");
        UUID late = accountId(tenant, "okta", "late");
        Fixtures.publish(Fixtures.atConnectionVersion(Fixtures.succeeded(tenant, "okta", "alice", 1, List.of("admin"),
                profile("alice@example.com", true)), 3));
        Fixtures.awaitAccountVersion(tenant, "okta", "alice", 1);
        Fixtures.publish(Fixtures.disconnected(tenant, "okta", 4L));
        Fixtures.awaitAudit(tenant, "connection.disconnected", 1);
        assertEquals(List.of("viewer@system"), Fixtures.grants(tenant, alice));

        // the gateway read the connection at version 3 (before the disconnect, or on a replica whose cache still
        // held it); the sign-in topic delivers these after the disconnect topic delivered the disconnect
        Fixtures.drain(
                Fixtures.publish(Fixtures.atConnectionVersion(Fixtures.succeeded(tenant, "okta", "alice", 2, List.of("admin"),
                        profile("alice@example.com", true)), 3)),
                Fixtures.publish(Fixtures.atConnectionVersion(Fixtures.succeeded(tenant, "okta", "late", 1, List.of("admin"),
                        profile("late@example.com", true)), 3)));
        assertEquals(List.of("viewer@system"), Fixtures.grants(tenant, alice), "the disconnect's downgrade holds");
        assertEquals(1, Fixtures.accountVersion(tenant, "okta", "alice"));
        assertEquals(0, Fixtures.count("select count(*) from app_user where id = ?", late), "no user is created");
        assertEquals(2, Fixtures.count("select count(*) from audit_log where tenant_id = ? and action = 'signin.succeeded'"
                + " and details ->> 'reason' = 'connection_disconnected_since' and (details ->> 'stale')::boolean", tenant));

        // reconnected, the connection's version moved on: the next sign-in grants the roles again
        Fixtures.publish(Fixtures.atConnectionVersion(Fixtures.succeeded(tenant, "okta", "alice", 3, List.of("admin"),
                profile("alice@example.com", true)), 6));
        Fixtures.awaitAccountVersion(tenant, "okta", "alice", 3);
        assertEquals(List.of("admin@connection:okta", "viewer@system"), Fixtures.grants(tenant, alice));
    }
}
