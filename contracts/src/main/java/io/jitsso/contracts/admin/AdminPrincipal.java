package io.jitsso.contracts.admin;

import java.util.List;

/**
 * Who called an admin API with one of the suite's access tokens: a tenant's admin who signed in
 * through the tenant's SSO ({@code sessionId}: the token's {@code sid}, the session it was issued
 * from), or the tenant's break-glass admin ({@code breakGlassVersion}: the version of the account's
 * credentials the token was issued under). Exactly one of the two is set.
 */
public record AdminPrincipal(String tenantId, String subject, List<String> roles, boolean breakGlass, String sessionId,
        Long breakGlassVersion) {

    public AdminPrincipal {
        roles = List.copyOf(roles);
        if (breakGlass ? breakGlassVersion == null || sessionId != null : sessionId == null || breakGlassVersion != null) {
            throw new IllegalArgumentException("a session admin carries a session id, a break-glass admin a version");
        }
    }
}
