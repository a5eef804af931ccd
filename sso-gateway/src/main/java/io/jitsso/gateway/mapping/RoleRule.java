package io.jitsso.gateway.mapping;

import java.util.List;

/**
 * One role-mapping rule of a connection: an upstream role value, matched exactly or by a pattern
 * (a Java regular expression that must match the whole value), grants these platform roles.
 */
public final class RoleRule {

    public enum Match {
        EXACT,
        PATTERN
    }

    public static final int MAX_VALUE_LENGTH = 256;
    public static final int MAX_ROLES = 10;

    private final Match match;
    private final String value;
    private final List<String> roles;
    private final SafePattern pattern;

    private RoleRule(Match match, String value, List<String> roles, SafePattern pattern) {
        this.match = match;
        this.value = value;
        this.roles = List.copyOf(roles);
        this.pattern = pattern;
    }

    /** A checked rule; an {@link IllegalArgumentException} says which part is wrong and why. */
    public static RoleRule of(Match match, String value, List<String> roles) {
        if (match == null) {
            throw new IllegalArgumentException("match: must be exact or pattern");
        }
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("value: 1 to " + MAX_VALUE_LENGTH + " characters");
        }
        if (roles == null || roles.isEmpty() || roles.size() > MAX_ROLES) {
            throw new IllegalArgumentException("roles: 1 to " + MAX_ROLES + " platform roles");
        }
        for (String role : roles) {
            if (!PlatformRoles.isValid(role)) {
                throw new IllegalArgumentException("roles: not a platform role name: " + role);
            }
        }
        SafePattern pattern = null;
        if (match == Match.PATTERN) {
            try {
                pattern = SafePattern.compile(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("value: " + e.getMessage());
            }
        }
        return new RoleRule(match, value, roles, pattern);
    }

    /** Whether the value matches; {@link SafePattern.TooSlow} past {@code deadline} ({@link System#nanoTime()}). */
    public boolean matches(String upstreamValue, long deadline) {
        return match == Match.EXACT ? value.equals(upstreamValue) : pattern.matches(upstreamValue, deadline);
    }

    public Match match() {
        return match;
    }

    public String value() {
        return value;
    }

    public List<String> roles() {
        return roles;
    }
}
