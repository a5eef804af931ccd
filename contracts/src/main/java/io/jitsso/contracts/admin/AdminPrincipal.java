package io.jitsso.contracts.admin;

import java.util.List;

/**
 * Who called an admin API with one of the suite's access tokens: a tenant's admin who signed in
 * through the tenant's SSO, or the tenant's break-glass admin.
 */
public record AdminPrincipal(String tenantId, String subject, List<String> roles, boolean breakGlass) {

    public AdminPrincipal {
        roles = List.copyOf(roles);
    }
}
