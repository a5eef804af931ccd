package io.jitsso.contracts.profile;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Required roles (SPEC A5): the access rule of a connection (kept by the gateway) or of an app (kept by
 * session-service) over the platform roles a sign-in carries. {@link Mode#ANY}: at least one of them (the
 * default: "admins or editors may sign in"); {@link Mode#ALL}: every one. None required: everyone passes.
 */
public record RequiredRoles(List<String> roles, Mode mode) {

    public static final int MAX_ROLES = 20;
    public static final RequiredRoles NONE = new RequiredRoles(List.of(), Mode.ANY);
    /** A built-in role ({@code owner}, {@code admin}, {@code editor}, {@code viewer}) or a tenant's custom role. */
    public static final String ROLE_NAME_PATTERN = "[a-z][a-z0-9_-]{0,63}";
    private static final Pattern ROLE_NAME = Pattern.compile(ROLE_NAME_PATTERN);

    public enum Mode {
        ANY,
        ALL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code any} or {@code all}; null (not given) is {@code any}. */
        public static Mode fromWire(String name) {
            if (name == null || "any".equals(name)) {
                return ANY;
            }
            if ("all".equals(name)) {
                return ALL;
            }
            throw new IllegalArgumentException("must be any or all");
        }
    }

    /** Validates; a role listed twice counts once. */
    public RequiredRoles {
        if (roles == null) {
            throw new IllegalArgumentException("required roles must be a list");
        }
        for (String role : roles) {
            if (!isRoleName(role)) {
                throw new IllegalArgumentException("not a platform role name: " + printable(role));
            }
        }
        roles = List.copyOf(new LinkedHashSet<>(roles));
        if (roles.size() > MAX_ROLES) {
            throw new IllegalArgumentException("at most " + MAX_ROLES + " required roles");
        }
        if (mode == null) {
            throw new IllegalArgumentException("mode must be any or all");
        }
    }

    /** Whether {@code name} can be a platform role: lower-case letters, digits, '_' and '-', up to 64, a letter first. */
    public static boolean isRoleName(String name) {
        return name != null && ROLE_NAME.matcher(name).matches();
    }

    public boolean isEmpty() {
        return roles.isEmpty();
    }

    public boolean allows(Collection<String> granted) {
        if (roles.isEmpty()) {
            return true;
        }
        return mode == Mode.ANY ? roles.stream().anyMatch(granted::contains) : granted.containsAll(roles);
    }

    /** What the rule asks for, to finish "requires ...": "one of the roles admin, editor". */
    public String describe() {
        return (mode == Mode.ANY ? "one of the roles " : "all of the roles ") + String.join(", ", roles);
    }

    /** What a sign-in carries, to finish "grants ...": "no role" or "the roles viewer". */
    public static String describeGranted(Collection<String> granted) {
        return granted.isEmpty() ? "no role" : "the roles " + String.join(", ", granted);
    }

    /** A name quoted back in an error: cut and stripped of control characters. */
    private static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String cut = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
