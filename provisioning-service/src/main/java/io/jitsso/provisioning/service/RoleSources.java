package io.jitsso.provisioning.service;

import java.util.Set;

/** Where a role came from (its provenance), and the roles that matter to policy. */
public final class RoleSources {

    /** The viewer role a disconnect leaves behind (SPEC A9). */
    public static final String SYSTEM = "system";
    /** Roles an administrator granted directly. */
    public static final String LOCAL = "local";

    public static final String VIEWER = "viewer";
    /** Roles that make an account privileged: never the target of automatic account linking (SPEC A10). */
    public static final Set<String> PRIVILEGED = Set.of("owner", "admin");

    private static final String CONNECTION_PREFIX = "connection:";

    private RoleSources() {
    }

    /** The source of the roles a connection's sign-ins grant. */
    public static String connection(String connectionId) {
        return CONNECTION_PREFIX + connectionId;
    }
}
