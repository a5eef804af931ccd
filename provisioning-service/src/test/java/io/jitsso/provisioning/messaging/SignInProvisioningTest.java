package io.jitsso.provisioning.messaging;

import static io.jitsso.provisioning.Fixtures.accountId;
import static io.jitsso.provisioning.Fixtures.admin;
import static io.jitsso.provisioning.Fixtures.profile;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.provisioning.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/** SPEC A5, A6, A7, D1, D2: sign-in events become users, role provenance, audit entries and user events. */
@QuarkusTest
class SignInProvisioningTest {

    @Test
    void firstSignInCreatesTheUserWithProvenanceAndAnnouncesIt() {
        String tenant = Fixtures.newTenant();
        UUID id = accountId(tenant, "okta", "alice");
        SignInEvent.Profile profile = new SignInEvent.Profile("Alice@Example.com", true, "Alice", "Liddell", "Alice L.",
                Map.of("department", "research"));
        Fixtures.publish(Fixtures.succeeded(tenant, "okta", "alice", 1, List.of("viewer", "editor"), profile));
        Fixtures.awaitAccountVersion(tenant, "okta", "alice", 1);

        JsonPath user = admin().get("/admin/v1/tenants/" + tenant + "/users/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(id.toString(), user.getString("id"), "the user id is the gateway's account id");
        assertEquals(tenant, user.getString("tenant_id"));
        assertEquals("Alice@Example.com", user.getString("email"));
        assertTrue(user.getBoolean("email_verified"));
        assertEquals("Alice", user.getString("given_name"));
        assertEquals("Liddell", user.getString("family_name"));
        assertEquals("Alice L.", user.getString("display_name"));
        assertEquals("research", user.getString("custom.department"));
        assertEquals(1, user.getLong("version"));
        assertEquals(List.of("editor", "viewer"), user.getList("effective_roles"));
        assertEquals(List.of("editor@connection:okta", "viewer@connection:okta"), Fixtures.grants(tenant, id));
        assertEquals(List.of(Map.of("connection_id", "okta", "upstream_subject", "alice", "linked", false)),
                user.getList("identities").stream().map(i -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> identity = (Map<String, Object>) i;
                    return Map.of("connection_id", identity.get("connection_id"), "upstream_subject",
                            identity.get("upstream_subject"), "linked", identity.get("linked"));
                }).toList());

        assertEquals(List.of("signin.succeeded", "user.created"), Fixtures.auditActions(tenant));
        JsonPath audit = admin().get("/admin/v1/tenants/" + tenant + "/audit").then().statusCode(200).extract().jsonPath();
        assertEquals("user.created", audit.getString("[0].action"));
        assertEquals(id.toString(), audit.getString("[0].user_id"));
        assertEquals("okta", audit.getString("[0].connection_id"));
        assertEquals("upstream:okta/alice", audit.getString("[0].actor"));
        assertEquals(List.of("editor", "viewer"), audit.getList("[0].details.roles_granted"));

        List<Map<String, Object>> events = Fixtures.userEvents(tenant, 1);
        assertEquals(1, events.size());
        Map<String, Object> created = events.get(0);
        assertEquals("jitsso.user.created.v1", created.get("_topic"));
        assertEquals(tenant + ":" + id, created.get("_key"));
        assertEquals(1, created.get("schema_version"));
        assertEquals("CREATED", created.get("type"));
        assertEquals(tenant, created.get("tenant_id"));
        assertEquals(id.toString(), created.get("user_id"));
        assertEquals("Alice@Example.com", created.get("email"));
        assertEquals(List.of("editor", "viewer"), created.get("roles"));
        assertEquals("okta", created.get("connection_id"));
        assertEquals(1, created.get("user_version"));
        assertFalse(((String) created.get("event_id")).isBlank());

        admin().get("/q/metrics").then().statusCode(200)
                .body(containsString("jitsso_provisioning_events_total{outcome=\"applied\",topic=\"jitsso.signin.succeeded.v1\"}"))
                .body(containsString("jitsso_provisioning_lag_seconds_count"));
    }

    @Test
    void laterSignInUpdatesAttributesAndReplacesOnlyThisConnectionsRoles() {
        String tenant = Fixtures.newTenant();
        UUID id = accountId(tenant, "okta", "bob");
        Fixtures.publish(Fixtures.succeeded(tenant, "okta", "bob", 1, List.of("editor", "viewer"),
                new SignInEvent.Profile("bob@example.com", true, "Bob", "Builder", null, Map.of("department", "ops"))));
        Fixtures.awaitAccountVersion(tenant, "okta", "bob", 1);
        // a role of another source: granted locally by an administrator
        Fixtures.execute("insert into user_role (user_id, tenant_id, role, source, granted_at) values (?, ?, 'support', 'local', now())",
                id, tenant);

        Fixtures.publish(Fixtures.succeeded(tenant, "okta", "bob", 2, List.of("viewer", "auditor"),
                new SignInEvent.Profile("bob@example.com", true, "Robert", null, null, Map.of("site", "berlin"))));
        Fixtures.awaitAccountVersion(tenant, "okta", "bob", 2);

        Map<String, Object> user = Fixtures.user(tenant, id);
        assertEquals("Robert", user.get("given_name"));
        assertEquals("Builder", user.get("family_name"), "an attribute the sign-in does not carry keeps its value");
        assertEquals(Map.of("department", "ops", "site", "berlin"), user.get("custom"));
        assertEquals(2, user.get("version"));
        assertEquals(List.of("auditor@connection:okta", "support@local", "viewer@connection:okta"), Fixtures.grants(tenant, id));
        assertEquals(List.of("auditor", "support", "viewer"), user.get("effective_roles"));

        JsonPath audit = admin().get("/admin/v1/tenants/" + tenant + "/audit").then().statusCode(200).extract().jsonPath();
        assertEquals("user.updated", audit.getString("[0].action"));
        assertEquals(List.of("auditor"), audit.getList("[0].details.roles_granted"));
        assertEquals(List.of("editor"), audit.getList("[0].details.roles_removed"));

        List<Map<String, Object>> events = Fixtures.userEvents(tenant, 2);
        assertEquals(List.of("CREATED", "UPDATED"), events.stream().map(e -> e.get("type")).toList());
        assertEquals("jitsso.user.updated.v1", events.get(1).get("_topic"));
        assertEquals(List.of("auditor", "support", "viewer"), events.get(1).get("roles"));
        assertEquals(2, events.get(1).get("user_version"));
    }

    @Test
    void duplicateAndStaleDeliveriesChangeNothing() {
        String tenant = Fixtures.newTenant();
        UUID id = accountId(tenant, "okta", "carol");
        Fixtures.publish(Fixtures.succeeded(tenant, "okta", "carol", 1, List.of("viewer"), profile("carol@example.com", true)));
        SignInEvent third = Fixtures.succeeded(tenant, "okta", "carol", 3, List.of("admin"), profile("carol@corp.example", true));
        Fixtures.publish(third);
        Fixtures.awaitAccountVersion(tenant, "okta", "carol", 3);
        Map<String, Object> before = Fixtures.user(tenant, id);
        long auditsBefore = Fixtures.audits(tenant);

        RecordMetadata duplicate = Fixtures.publish(third);
        RecordMetadata stale = Fixtures.publish(Fixtures.succeeded(tenant, "okta", "carol", 2, List.of("editor"),
                profile("carol@old.example", true)));
        Fixtures.drain(duplicate, stale);

        Map<String, Object> after = Fixtures.user(tenant, id);
        assertEquals(before.get("version"), after.get("version"));
        assertEquals(before.get("roles"), after.get("roles"));
        assertEquals("carol@corp.example", after.get("email"));
        assertEquals(3, Fixtures.accountVersion(tenant, "okta", "carol"));
        assertEquals(List.of("admin@connection:okta"), Fixtures.grants(tenant, id));
        // the duplicate left no trace; the stale sign-in did happen, so it is audited, marked stale
        assertEquals(auditsBefore + 1, Fixtures.audits(tenant));
        JsonPath audit = admin().get("/admin/v1/tenants/" + tenant + "/audit").then().statusCode(200).extract().jsonPath();
        assertEquals("signin.succeeded", audit.getString("[0].action"));
        assertEquals(true, audit.getBoolean("[0].details.stale"));
        assertEquals(2, audit.getLong("[0].details.account_version"));
        assertEquals(1, Fixtures.users(tenant));
    }

    @Test
    void deniedSignInOfAKnownAccountWithdrawsThisConnectionsRoles() {
        String tenant = Fixtures.newTenant();
        UUID id = accountId(tenant, "okta", "dan");
        Fixtures.publish(Fixtures.succeeded(tenant, "okta", "dan", 1, List.of("editor", "viewer"), profile("dan@example.com", true)));
        Fixtures.awaitAccountVersion(tenant, "okta", "dan", 1);
        Fixtures.execute("insert into user_role (user_id, tenant_id, role, source, granted_at) values (?, ?, 'support', 'local', now())",
                id, tenant);

        Fixtures.publish(Fixtures.denied(tenant, "okta", "dan", 2, "required role missing"));
        Fixtures.awaitAccountVersion(tenant, "okta", "dan", 2);

        assertEquals(List.of("support@local"), Fixtures.grants(tenant, id));
        assertEquals(2, Fixtures.user(tenant, id).get("version"));
        assertEquals(List.of("signin.succeeded", "user.created", "signin.denied", "roles.withdrawn"), Fixtures.auditActions(tenant));
        JsonPath audit = admin().get("/admin/v1/tenants/" + tenant + "/audit").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("editor", "viewer"), audit.getList("[0].details.roles_removed"));
        assertEquals("required role missing", audit.getString("[1].details.reason"));

        List<Map<String, Object>> events = Fixtures.userEvents(tenant, 2);
        Map<String, Object> downgraded = events.get(1);
        assertEquals("jitsso.user.downgraded.v1", downgraded.get("_topic"));
        assertEquals("DOWNGRADED", downgraded.get("type"));
        assertEquals(List.of("support"), downgraded.get("roles"));
        assertEquals(2, downgraded.get("user_version"));
    }

    @Test
    void anAppsDenialKeepsAKnownUserInStepWithTheIdpAndCreatesNobody() {
        String tenant = Fixtures.newTenant();
        UUID id = accountId(tenant, "okta", "ann");
        Fixtures.publish(Fixtures.succeeded(tenant, "okta", "ann", 1, List.of("admin", "viewer"), profile("ann@example.com", true)));
        Fixtures.awaitAccountVersion(tenant, "okta", "ann", 1);

        // the IdP now grants editor only, and the app that requires admin refused the sign-in
        Fixtures.publish(Fixtures.deniedByApp(tenant, "okta", "ann", 3, "admin-console"));
        Fixtures.awaitAccountVersion(tenant, "okta", "ann", 3);
        // an accepted sign-in from before it, consumed after it (another topic): stale, so it does not undo it
        Fixtures.publish(Fixtures.succeeded(tenant, "okta", "ann", 2, List.of("admin", "viewer"), profile("ann@example.com", true)));
        // and a newcomer the app refused
        Fixtures.publish(Fixtures.deniedByApp(tenant, "okta", "bea", 1, "admin-console"));
        Fixtures.awaitAudit(tenant, "signin.denied", 2);
        Fixtures.awaitAudit(tenant, "signin.succeeded", 2);

        assertEquals(List.of("editor@connection:okta"), Fixtures.grants(tenant, id));
        assertEquals(2, Fixtures.user(tenant, id).get("version"));
        assertEquals(1, Fixtures.users(tenant), "no user for the newcomer");
        assertEquals(0, Fixtures.audits(tenant, "roles.withdrawn"), "an app's denial is not the connection's");
        JsonPath audit = admin().get("/admin/v1/tenants/" + tenant + "/audit").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("admin-console", "admin-console"), audit.getList("findAll { it.action == 'signin.denied' }.details.app"));
        assertEquals(List.of(true), audit.getList("findAll { it.action == 'signin.succeeded' && it.details.account_version == 2 }"
                + ".details.stale"));
    }

    @Test
    void deniedSignInOfAnUnknownAccountCreatesNoUser() {
        String tenant = Fixtures.newTenant();
        Fixtures.publish(Fixtures.denied(tenant, "okta", "eve", 1, "not in the allowed group"));
        Fixtures.awaitAudit(tenant, "signin.denied", 1);

        assertEquals(0, Fixtures.users(tenant));
        assertEquals(0, Fixtures.count("select count(*) from user_identity where tenant_id = ?", tenant));
        JsonPath audit = admin().get("/admin/v1/tenants/" + tenant + "/audit").then().statusCode(200).extract().jsonPath();
        assertEquals(1, audit.getList("").size());
        assertEquals("not in the allowed group", audit.getString("[0].details.reason"));
        assertNull(audit.get("[0].user_id"));
    }

    @Test
    void signInThroughAConnectionWithoutJitCreatesNoUser() {
        String tenant = Fixtures.newTenant();
        Fixtures.publish(Fixtures.notJit(tenant, "saml-idp", "frank", 1));
        Fixtures.awaitAudit(tenant, "signin.succeeded", 1);

        assertEquals(0, Fixtures.users(tenant));
        assertEquals(List.of("signin.succeeded"), Fixtures.auditActions(tenant));
        JsonPath audit = admin().get("/admin/v1/tenants/" + tenant + "/audit").then().statusCode(200).extract().jsonPath();
        assertEquals(false, audit.getBoolean("[0].details.jit"));
        admin().get("/admin/v1/tenants/" + tenant + "/users").then().statusCode(200).body("size()", org.hamcrest.Matchers.is(0));
    }

    @Test
    void aDenialWhileJitIsOffWithdrawsRolesWithoutFreezingTheAccount() {
        String tenant = Fixtures.newTenant();
        UUID id = accountId(tenant, "okta", "jo");
        Fixtures.publish(Fixtures.succeeded(tenant, "okta", "jo", 1, List.of("editor"), profile("jo@example.com", true)));
        Fixtures.awaitAccountVersion(tenant, "okta", "jo", 1);
        // JIT turned off: the gateway keeps no account and stamps the event with a timestamp, not the counter
        SignInEvent denied = Fixtures.denied(tenant, "okta", "jo", System.currentTimeMillis(), "missing_required_role");
        Fixtures.publish(new SignInEvent(denied.schemaVersion(), denied.eventId(), denied.outcome(), denied.tenantId(),
                denied.connectionId(), denied.protocol(), denied.upstreamSubject(), denied.accountId(), denied.accountVersion(),
                false, denied.profile(), denied.roles(), denied.amr(), denied.denialReason(), denied.occurredAt(), null));
        Fixtures.awaitAudit(tenant, "roles.withdrawn", 1);
        assertEquals(List.of(), Fixtures.grants(tenant, id), "the connection's roles are withdrawn");
        assertEquals(1, Fixtures.accountVersion(tenant, "okta", "jo"), "the timestamp did not become the account's version");
        // JIT on again: the gateway's counter goes on from 1, and the sign-in applies
        Fixtures.publish(Fixtures.succeeded(tenant, "okta", "jo", 2, List.of("editor"), profile("jo@example.com", true)));
        Fixtures.awaitAccountVersion(tenant, "okta", "jo", 2);
        assertEquals(List.of("editor@connection:okta"), Fixtures.grants(tenant, id));
    }
}
