package io.jitsso.contracts.admin;

import io.smallrye.mutiny.Uni;

/**
 * Whether what an admin access token was issued from still stands: the IdP session for an admin who
 * signed in through the tenant's SSO (ended by logout, revocation, a disconnect or a denial), or
 * the credentials of the break-glass account (replaced or disabled by the operator). session-service
 * owns both.
 */
public interface AdminTokenStatus {

    /**
     * {@code true} while the token's session or break-glass credentials still stand. A failure means
     * it cannot be told now (session-service unreachable): the caller refuses with 503.
     */
    Uni<Boolean> active(AdminPrincipal principal);
}
