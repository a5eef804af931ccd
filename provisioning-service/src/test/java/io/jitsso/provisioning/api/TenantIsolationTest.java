package io.jitsso.provisioning.api;

import static io.jitsso.provisioning.Fixtures.accountId;
import static io.jitsso.provisioning.Fixtures.admin;
import static io.jitsso.provisioning.Fixtures.profile;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jitsso.provisioning.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tenants are isolated: the same connection id and upstream subject in two tenants are two unrelated users. */
@QuarkusTest
class TenantIsolationTest {

    @Test
    void sameConnectionAndSubjectInTwoTenantsStaySeparate() {
        String a = Fixtures.newTenant();
        String b = Fixtures.newTenant();
        UUID userA = accountId(a, "okta", "alice");
        UUID userB = accountId(b, "okta", "alice");
        assertNotEquals(userA, userB);
        Fixtures.publish(Fixtures.succeeded(a, "okta", "alice", 1, List.of("admin"), profile("alice@example.com", true)));
        Fixtures.publish(Fixtures.succeeded(b, "okta", "alice", 1, List.of("viewer"), profile("alice@example.com", true)));
        Fixtures.awaitAccountVersion(a, "okta", "alice", 1);
        Fixtures.awaitAccountVersion(b, "okta", "alice", 1);

        // the same verified email in another tenant is not a linking candidate
        assertEquals(0, Fixtures.audits(b, "user.linked") + Fixtures.audits(b, "user.link_refused"));
        assertEquals(List.of("admin@connection:okta"), Fixtures.grants(a, userA));
        assertEquals(List.of("viewer@connection:okta"), Fixtures.grants(b, userB));

        admin().get("/admin/v1/tenants/" + a + "/users").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].id", equalTo(userA.toString()));
        admin().get("/admin/v1/tenants/" + a + "/users/" + userB).then().statusCode(404)
                .contentType("application/problem+json");
        admin().get("/admin/v1/tenants/" + b + "/users/" + userA).then().statusCode(404);
        admin().get("/admin/v1/tenants/" + a + "/audit").then().statusCode(200)
                .body("user_id", everyItem(equalTo(userA.toString())));
        admin().get("/admin/v1/tenants/" + a + "/audit?user_id=" + userB).then().statusCode(200).body("$", hasSize(0));

        // a later sign-in in b changes nothing in a
        Fixtures.publish(Fixtures.denied(b, "okta", "alice", 2, "policy"));
        Fixtures.awaitAccountVersion(b, "okta", "alice", 2);
        assertEquals(List.of("admin@connection:okta"), Fixtures.grants(a, userA));
        assertEquals(List.of(), Fixtures.grants(b, userB));
    }
}
