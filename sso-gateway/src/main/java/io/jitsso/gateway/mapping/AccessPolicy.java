package io.jitsso.gateway.mapping;

import java.util.List;
import java.util.Locale;

/**
 * A connection's access policy (SPEC A5) over the mapped platform roles. {@link Mode#ANY}: at least
 * one of the required roles (the default: "admins or editors may sign in"); {@link Mode#ALL}: every
 * required role. No required roles: everyone the upstream authenticated may sign in.
 */
public record AccessPolicy(List<String> requiredRoles, Mode mode) {

    public static final int MAX_REQUIRED_ROLES = 20;

    public enum Mode {
        ANY,
        ALL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The outcome of a sign-in under the policy. */
    public sealed interface Decision {
    }

    public record Verified() implements Decision {
    }

    /** Error code of a sign-in whose mapped roles miss the required ones. */
    public static final String REQUIRED_ROLES_MISSING = "required_roles_missing";

    /**
     * @param error  a stable error code (documented in docs/api/sso-gateway.md), shown on the denial page
     * @param reason shown to the user and carried by the denied event
     */
    public record Rejected(String error, String reason) implements Decision {
    }

    public AccessPolicy {
        requiredRoles = List.copyOf(requiredRoles);
        if (requiredRoles.size() > MAX_REQUIRED_ROLES) {
            throw new IllegalArgumentException("at most " + MAX_REQUIRED_ROLES + " required roles");
        }
        for (String role : requiredRoles) {
            if (!PlatformRoles.isValid(role)) {
                throw new IllegalArgumentException("not a platform role name: " + role);
            }
        }
        if (mode == null) {
            throw new IllegalArgumentException("mode must be any or all");
        }
    }

    public Decision evaluate(List<String> mappedRoles) {
        if (requiredRoles.isEmpty()) {
            return new Verified();
        }
        boolean allowed = mode == Mode.ANY
                ? requiredRoles.stream().anyMatch(mappedRoles::contains)
                : mappedRoles.containsAll(requiredRoles);
        if (allowed) {
            return new Verified();
        }
        String needed = mode == Mode.ANY ? "one of the roles " : "all of the roles ";
        String has = mappedRoles.isEmpty() ? "no role" : "the roles " + String.join(", ", mappedRoles);
        return new Rejected(REQUIRED_ROLES_MISSING, "This sign-in requires " + needed + String.join(", ", requiredRoles)
                + "; your identity provider grants " + has + ".");
    }
}
