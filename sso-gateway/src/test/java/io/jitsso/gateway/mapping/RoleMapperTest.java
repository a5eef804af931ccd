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
        // 100 polynomial patterns against 256 values of 1 KB: without a budget for the whole mapping, each pair
        // could run to its own deadline; with one, the sign-in's mapping ends within the budget, refused
        List<RoleRule> slow = new java.util.ArrayList<>();
        for (int i = 0; i < RoleMapper.MAX_RULES; i++) {
            slow.add(RoleRule.of(RoleRule.Match.PATTERN, "a*a*a*a*a*a*a*a*a*a*b" + i, List.of("admin")));
        }
        RoleMapper guarded = new RoleMapper(slow, null);
        assertTrue(guarded.hasPatterns());
        List<String> values = java.util.Collections.nCopies(256, "a".repeat(1024));
        long start = System.nanoTime();
        RoleMapper.TooSlow refused = assertThrows(RoleMapper.TooSlow.class, () -> guarded.map(values));
        long took = System.nanoTime() - start;
        assertTrue(took < 1_000_000_000L, "bounded by the mapping's budget, took " + took / 1_000_000 + " ms");
        assertEquals("a*a*a*a*a*a*a*a*a*a*b0", refused.pattern());
    }

    @Test
    void aMappingPastTheEventLoopsMillisecondStillMapsWithTheWholeBudget() {
        // quadratic backtracking: milliseconds, past what an event loop may give, well inside the whole budget. Two
        // values of 1,000 took some 40 ms on a 2-vCPU CI machine, too close to the 50 ms budget (CI failed twice);
        // 500 take a quarter of that, still several times the event loop's millisecond
        RoleMapper quadratic = new RoleMapper(List.of(RoleRule.of(RoleRule.Match.PATTERN, "a*a*b", List.of("admin")),
                RoleRule.of(RoleRule.Match.EXACT, "corp", List.of("viewer"))), null);
        List<String> values = List.of("a".repeat(500), "a".repeat(500), "corp");
        // compiled first, as in a running gateway: interpreted, the first runs of the regex engine are slower still
        for (int i = 0; i < 5; i++) {
            quadratic.map(values, java.util.concurrent.TimeUnit.SECONDS.toNanos(10));
        }
        assertThrows(RoleMapper.TooSlow.class, () -> quadratic.map(values, RoleMapper.EVENT_LOOP_BUDGET_NANOS));
        assertEquals(List.of("viewer"), quadratic.map(values));
    }

    @Test
    void exactRulesNeedNoBudget() {
        assertTrue(mapper.hasPatterns());
        RoleMapper exact = new RoleMapper(List.of(RoleRule.of(RoleRule.Match.EXACT, "corp-admins", List.of("admin"))), null);
        assertEquals(false, exact.hasPatterns());
        assertEquals(List.of("admin"), exact.map(java.util.Collections.nCopies(256, "corp-admins")));
    }
}
