package io.jitsso.gateway.mapping;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A connection's role mapping (SPEC A3): every rule that matches any upstream role value adds its
 * platform roles; when nothing matched, the default role (if the connection has one) is granted.
 */
public final class RoleMapper {

    public static final int MAX_RULES = 100;

    private final List<RoleRule> rules;
    private final String defaultRole;

    public RoleMapper(List<RoleRule> rules, String defaultRole) {
        if (rules.size() > MAX_RULES) {
            throw new IllegalArgumentException("at most " + MAX_RULES + " rules");
        }
        if (defaultRole != null && !PlatformRoles.isValid(defaultRole)) {
            throw new IllegalArgumentException("not a platform role name: " + defaultRole);
        }
        this.rules = List.copyOf(rules);
        this.defaultRole = defaultRole;
    }

    /** The platform roles these upstream role values map to, in rule order, without duplicates. */
    public List<String> map(List<String> upstreamRoles) {
        Set<String> granted = new LinkedHashSet<>();
        for (RoleRule rule : rules) {
            for (String value : upstreamRoles) {
                if (rule.matches(value)) {
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
}
