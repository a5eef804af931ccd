package io.jitsso.provisioning.messaging;

import static io.jitsso.provisioning.Fixtures.accountId;
import static io.jitsso.provisioning.Fixtures.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.provisioning.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** SPEC A10: an account links onto an existing user only with verified emails on both sides, never onto a privileged one. */
@QuarkusTest
class AccountLinkingTest {

    @Test
    void verifiedEmailOnBothSidesLinksTheAccounts() {
        String tenant = Fixtures.newTenant();
        UUID existing = accountId(tenant, "okta", "alice");
        Fixtures.publish(Fixtures.succeeded(tenant, "okta", "alice", 1, List.of("editor"), profile("alice@example.com", true)));
        Fixtures.awaitAccountVersion(tenant, "okta", "alice", 1);

        Fixtures.publish(Fixtures.succeeded(tenant, "azure", "a.liddell", 1, List.of("billing"), profile("ALICE@example.com", true)));
        Fixtures.awaitAccountVersion(tenant, "azure", "a.liddell", 1);

        assertEquals(1, Fixtures.users(tenant));
        JsonPath user = Fixtures.admin().get("/admin/v1/tenants/" + tenant + "/users/" + existing).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("azure", "okta"), user.getList("identities.connection_id"));
        assertEquals(List.of(true, false), user.getList("identities.linked"));
        assertEquals(List.of("billing@connection:azure", "editor@connection:okta"), Fixtures.grants(tenant, existing));
        assertEquals(2, user.getLong("version"));
        assertEquals(1, Fixtures.audits(tenant, "user.linked"));
        assertEquals(0, Fixtures.audits(tenant, "user.link_refused"));

        // each connection keeps replacing only its own roles
        Fixtures.publish(Fixtures.succeeded(tenant, "azure", "a.liddell", 2, List.of(), profile("alice@example.com", true)));
        Fixtures.awaitAccountVersion(tenant, "azure", "a.liddell", 2);
        assertEquals(List.of("editor@connection:okta"), Fixtures.grants(tenant, existing));

        List<Map<String, Object>> events = Fixtures.userEvents(tenant, 3);
        assertEquals(List.of("CREATED", "UPDATED", "UPDATED"), events.stream().map(e -> e.get("type")).toList());
        assertEquals(List.of("billing", "editor"), events.get(1).get("roles"));
        assertEquals("azure", events.get(1).get("connection_id"));
    }

    @Test
    void unverifiedEmailOnEitherSideDoesNotLink() {
        String tenant = Fixtures.newTenant();
        // the new sign-in does not vouch for its email: no lookup at all
        Fixtures.publish(Fixtures.succeeded(tenant, "okta", "bob", 1, List.of("editor"), profile("bob@example.com", true)));
        Fixtures.awaitAccountVersion(tenant, "okta", "bob", 1);
        Fixtures.publish(Fixtures.succeeded(tenant, "azure", "bob", 1, List.of("viewer"), profile("bob@example.com", false)));
        Fixtures.awaitAccountVersion(tenant, "azure", "bob", 1);
        assertEquals(2, Fixtures.users(tenant));
        assertEquals(0, Fixtures.audits(tenant, "user.linked"));

        // the existing user's email is unverified
        String other = Fixtures.newTenant();
        Fixtures.publish(Fixtures.succeeded(other, "okta", "carol", 1, List.of("editor"), profile("carol@example.com", false)));
        Fixtures.awaitAccountVersion(other, "okta", "carol", 1);
        Fixtures.publish(Fixtures.succeeded(other, "azure", "carol", 1, List.of("viewer"), profile("carol@example.com", true)));
        Fixtures.awaitAccountVersion(other, "azure", "carol", 1);
        assertEquals(2, Fixtures.users(other));
        assertEquals(0, Fixtures.audits(other, "user.linked"));
        JsonPath refused = refusal(other);
        assertEquals(accountId(other, "okta", "carol").toString(), refused.getString("user_id"));
        assertTrue(refused.getString("details.reason").contains("not verified"));
        assertEquals(accountId(other, "azure", "carol"), UUID.fromString(
                Fixtures.admin().get("/admin/v1/tenants/" + other + "/users?connection_id=azure").then().statusCode(200)
                        .extract().jsonPath().getString("[0].id")));
    }

    @Test
    void privilegedUserIsNeverLinkedAutomatically() {
        String tenant = Fixtures.newTenant();
        UUID admin = accountId(tenant, "okta", "root");
        Fixtures.publish(Fixtures.succeeded(tenant, "okta", "root", 1, List.of("admin"), profile("root@example.com", true)));
        Fixtures.awaitAccountVersion(tenant, "okta", "root", 1);

        Fixtures.publish(Fixtures.succeeded(tenant, "rogue-idp", "root", 1, List.of("viewer"), profile("root@example.com", true)));
        Fixtures.awaitAccountVersion(tenant, "rogue-idp", "root", 1);

        assertEquals(2, Fixtures.users(tenant));
        assertEquals(List.of("admin@connection:okta"), Fixtures.grants(tenant, admin), "the privileged user is untouched");
        assertEquals(1, Fixtures.count("select count(*) from user_identity where user_id = ?", admin));
        UUID created = accountId(tenant, "rogue-idp", "root");
        assertEquals(List.of("viewer@connection:rogue-idp"), Fixtures.grants(tenant, created));
        JsonPath refused = refusal(tenant);
        assertEquals(admin.toString(), refused.getString("user_id"));
        assertTrue(refused.getString("details.reason").contains("privileged"));
        assertEquals(0, Fixtures.audits(tenant, "user.linked"));
    }

    private static JsonPath refusal(String tenant) {
        List<Map<String, Object>> entries = Fixtures.admin().get("/admin/v1/tenants/" + tenant + "/audit").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.action == 'user.link_refused' }");
        assertEquals(1, entries.size());
        return JsonPath.from(Fixtures.json(entries.get(0)));
    }
}
