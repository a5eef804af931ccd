package io.jitsso.gateway.mapping;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A connection's role mapping (SPEC A3): every rule that matches any upstream role value adds its
 * platform roles; when nothing matched, the default role (if the connection has one) is granted.
 * Pattern rules share one time budget per sign-in: 100 rules against 256 values of 1 KB could
 * otherwise run for as long as the slowest admissible pattern takes, 25,600 times over.
 */
public final class RoleMapper {

    public static final int MAX_RULES = 100;
    /** The whole mapping's budget; sane patterns need microseconds per value. */
    static final long BUDGET_NANOS = 50_000_000L;
    /**
     * What a mapping may take on an event loop, which every tenant shares: sane patterns finish well inside it,
     * and only a mapping that does not is run again, off the loop, with the whole {@link #BUDGET_NANOS}.
     */
    public static final long EVENT_LOOP_BUDGET_NANOS = 1_000_000L;

    private final List<RoleRule> rules;
    private final String defaultRole;
    private final boolean patterns;

    public RoleMapper(List<RoleRule> rules, String defaultRole) {
        if (rules.size() > MAX_RULES) {
            throw new IllegalArgumentException("at most " + MAX_RULES + " rules");
        }
        if (defaultRole != null && !PlatformRoles.isValid(defaultRole)) {
            throw new IllegalArgumentException("not a platform role name: " + defaultRole);
        }
        this.rules = List.copyOf(rules);
        this.defaultRole = defaultRole;
        this.patterns = rules.stream().anyMatch(rule -> rule.match() == RoleRule.Match.PATTERN);
    }

    /** Whether any rule is a pattern: mapping can then take up to its budget, more than an event loop may give. */
    public boolean hasPatterns() {
        return patterns;
    }

    /**
     * The platform roles these upstream role values map to, in rule order, without duplicates;
     * {@link TooSlow} when the patterns are still running after the budget.
     */
    public List<String> map(List<String> upstreamRoles) {
        return map(upstreamRoles, BUDGET_NANOS);
    }

    /** {@link #map(List)} within {@code budgetNanos}. */
    public List<String> map(List<String> upstreamRoles, long budgetNanos) {
        long deadline = System.nanoTime() + budgetNanos;
        Set<String> granted = new LinkedHashSet<>();
        for (RoleRule rule : rules) {
            for (String value : upstreamRoles) {
                boolean matched;
                try {
                    matched = rule.matches(value, deadline);
                } catch (SafePattern.TooSlow e) {
                    throw new TooSlow(rule.value());
                }
                if (matched) {
                    granted.addAll(rule.roles());
                    break;
                }
            }
        }
        if (granted.isEmpty() && defaultRole != null) {
            granted.add(defaultRole);
        }
        return List.copyOf(granted);
    }

    /** The mapping ran past its budget; the sign-in is refused rather than mapped from a partial result. */
    public static final class TooSlow extends RuntimeException {
        private final String pattern;

        TooSlow(String pattern) {
            super("role mapping ran past its budget", null, false, false);
            this.pattern = pattern;
        }

        /** The rule's pattern that was running (the admin's, not the upstream's values). */
        public String pattern() {
            return pattern;
        }
    }
}
