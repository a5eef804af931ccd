package io.jitsso.gateway.mapping;

import io.jitsso.contracts.profile.RequiredRoles;
import java.util.List;

/**
 * Role names of the platform: the portal's built-in roles plus any custom role of a tenant, which
 * share one shape so a mapping rule can name either.
 */
public final class PlatformRoles {

    public static final String OWNER = "owner";
    public static final String ADMIN = "admin";
    public static final String EDITOR = "editor";
    public static final String VIEWER = "viewer";
    public static final List<String> BUILT_IN = List.of(OWNER, ADMIN, EDITOR, VIEWER);

    private PlatformRoles() {
    }

    /** Whether {@code name} can be a platform role: a built-in one or a tenant's custom role. */
    public static boolean isValid(String name) {
        return RequiredRoles.isRoleName(name);
    }
}
