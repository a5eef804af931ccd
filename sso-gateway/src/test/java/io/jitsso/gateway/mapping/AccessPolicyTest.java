package io.jitsso.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.profile.RequiredRoles;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    @Test
    void noRequiredRolesLetsEveryoneIn() {
        assertInstanceOf(AccessPolicy.Verified.class, new AccessPolicy(List.of(), RequiredRoles.Mode.ANY).evaluate(List.of()));
    }

    @Test
    void anyNeedsOneOfTheRequiredRoles() {
        AccessPolicy policy = new AccessPolicy(List.of("admin", "editor"), RequiredRoles.Mode.ANY);
        assertInstanceOf(AccessPolicy.Verified.class, policy.evaluate(List.of("viewer", "editor")));
        AccessPolicy.Decision denied = policy.evaluate(List.of("viewer"));
        AccessPolicy.Rejected rejected = assertInstanceOf(AccessPolicy.Rejected.class, denied);
        assertTrue(rejected.reason().contains("one of the roles admin, editor"), rejected.reason());
        assertTrue(rejected.reason().contains("viewer"), rejected.reason());
    }

    @Test
    void allNeedsEveryRequiredRole() {
        AccessPolicy policy = new AccessPolicy(List.of("admin", "editor"), RequiredRoles.Mode.ALL);
        assertInstanceOf(AccessPolicy.Verified.class, policy.evaluate(List.of("editor", "admin", "viewer")));
        AccessPolicy.Rejected rejected = assertInstanceOf(AccessPolicy.Rejected.class, policy.evaluate(List.of("admin")));
        assertTrue(rejected.reason().contains("all of the roles"), rejected.reason());
        assertInstanceOf(AccessPolicy.Rejected.class, policy.evaluate(List.of()));
    }

    @Test
    void requiredRolesMustBeRoleNames() {
        assertThrows(IllegalArgumentException.class, () -> new AccessPolicy(List.of("Admin!"), RequiredRoles.Mode.ANY));
        assertThrows(IllegalArgumentException.class, () -> new AccessPolicy(List.of("admin"), null));
    }
}
