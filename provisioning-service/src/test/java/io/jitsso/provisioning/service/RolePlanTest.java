package io.jitsso.provisioning.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RolePlanTest {

    private static final String OKTA = RoleSources.connection("okta");
    private static final String AZURE = RoleSources.connection("azure");

    @Test
    void replaceTouchesOnlyTheConnectionsOwnGrants() {
        List<Grant> current = List.of(new Grant("editor", OKTA), new Grant("viewer", OKTA), new Grant("editor", AZURE),
                new Grant("support", RoleSources.LOCAL));
        RolePlan plan = RolePlan.replace(current, OKTA, List.of("viewer", "admin", "admin"));

        assertEquals(List.of(new Grant("editor", OKTA)), plan.toRemove());
        assertEquals(List.of(new Grant("admin", OKTA)), plan.toAdd());
        assertEquals(List.of("admin", "editor", "support", "viewer"), RolePlan.effective(plan.applyTo(current)),
                "editor stays: azure still grants it");
    }

    @Test
    void sameRolesPlanNothing() {
        List<Grant> current = List.of(new Grant("viewer", OKTA));
        assertTrue(RolePlan.replace(current, OKTA, List.of("viewer")).isEmpty());
        assertTrue(RolePlan.replace(List.of(), OKTA, null).isEmpty());
    }

    @Test
    void withdrawRemovesEveryGrantOfTheConnection() {
        List<Grant> current = List.of(new Grant("admin", OKTA), new Grant("viewer", OKTA), new Grant("viewer", AZURE));
        RolePlan plan = RolePlan.withdraw(current, OKTA);
        assertEquals(List.of("admin", "viewer"), plan.removed());
        assertEquals(List.of(), plan.granted());
        assertEquals(List.of("viewer"), RolePlan.effective(plan.applyTo(current)));
    }

    @Test
    void downgradeLeavesSystemViewerOnce() {
        List<Grant> current = List.of(new Grant("admin", OKTA));
        RolePlan plan = RolePlan.downgrade(current, OKTA);
        assertEquals(List.of(new Grant("viewer", RoleSources.SYSTEM)), plan.toAdd());
        List<Grant> after = plan.applyTo(current);
        assertEquals(List.of(new Grant("viewer", RoleSources.SYSTEM)), after);
        assertTrue(RolePlan.downgrade(after, OKTA).isEmpty(), "a second disconnect changes nothing");
    }

    @Test
    void effectiveRolesAreDistinctAndSorted() {
        assertEquals(List.of("admin", "viewer"), RolePlan.effective(List.of(new Grant("viewer", OKTA),
                new Grant("admin", AZURE), new Grant("viewer", RoleSources.SYSTEM))));
    }
}
