package io.jitsso.contracts.admin;

import java.util.Optional;

/** The tenant an admin API path belongs to: {@code /admin/v1/tenants/{tenant}[/...]}. */
public final class AdminPaths {

    private static final String PREFIX = "/admin/v1/tenants/";

    private AdminPaths() {
    }

    /**
     * The tenant of a tenant-scoped admin path; empty for paths across tenants (listing or creating
     * tenants), which only the operator may call.
     */
    public static Optional<String> tenantOf(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String tenant = slash < 0 ? rest : rest.substring(0, slash);
        return tenant.isEmpty() ? Optional.empty() : Optional.of(tenant);
    }
}
