package io.jitsso.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoleMapperTest {

    private final RoleMapper mapper = new RoleMapper(List.of(
            RoleRule.of(RoleRule.Match.EXACT, "corp-admins", List.of("admin")),
            RoleRule.of(RoleRule.Match.PATTERN, "team-[a-z]+-editors", List.of("editor", "viewer")),
            RoleRule.of(RoleRule.Match.EXACT, "billing", List.of("billing-manager"))), "viewer");

    @Test
    void exactRulesMatchWholeValuesOnly() {
        assertEquals(List.of("admin"), mapper.map(List.of("corp-admins")));
        assertEquals(List.of("viewer"), mapper.map(List.of("Corp-Admins")), "case matters; nothing matched: default");
        assertEquals(List.of("viewer"), mapper.map(List.of("corp-admins-x")));
    }

    @Test
    void patternRulesAndSeveralRulesCombineWithoutDuplicates() {
        assertEquals(List.of("admin", "editor", "viewer", "billing-manager"),
                mapper.map(List.of("billing", "team-web-editors", "corp-admins", "team-db-editors")));
    }

    @Test
    void defaultRoleOnlyWhenNothingMatched() {
        assertEquals(List.of("viewer"), mapper.map(List.of()));
        assertEquals(List.of("viewer"), mapper.map(List.of("unknown")));
        assertEquals(List.of(), new RoleMapper(List.of(), null).map(List.of("x")));
    }

    @Test
    void rulesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> RoleRule.of(RoleRule.Match.EXACT, "x", List.of("Admin")));
        assertThrows(IllegalArgumentException.class, () -> RoleRule.of(RoleRule.Match.EXACT, "x", List.of()));
        assertThrows(IllegalArgumentException.class, () -> RoleRule.of(RoleRule.Match.EXACT, "", List.of("admin")));
        assertThrows(IllegalArgumentException.class, () -> RoleRule.of(RoleRule.Match.PATTERN, "(a+)+", List.of("admin")));
        assertThrows(IllegalArgumentException.class, () -> RoleRule.of(null, "x", List.of("admin")));
        assertThrows(IllegalArgumentException.class, () -> new RoleMapper(List.of(), "Not A Role"));
    }

    @Test
    void aHostileRoleValueCannotStallMapping() {
        RoleMapper guarded = new RoleMapper(List.of(RoleRule.of(RoleRule.Match.PATTERN, "a*a*a*a*a*a*a*a*a*a*b", List.of("admin"))), null);
        long start = System.nanoTime();
        assertEquals(List.of(), guarded.map(List.of("a".repeat(1000), "a".repeat(1000) + "c")));
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "bounded by the per-value deadline");
    }
}
