package io.jitsso.session.service;

import io.jitsso.contracts.admin.AdminPrincipal;
import io.jitsso.contracts.admin.AdminTokenStatus;
import io.jitsso.session.persistence.BreakGlassStore;
import io.jitsso.session.persistence.SessionStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Whether an admin access token still stands (ADR-28), from this service's own tables: the IdP session it
 * was issued from is live, or the break-glass account is enabled at the credential version it was issued
 * under. This service's admin API asks it directly; the others ask it through the internal API.
 */
@ApplicationScoped
public class AdminTokenStanding implements AdminTokenStatus {

    private final SessionStore sessions;
    private final BreakGlassStore breakGlass;

    AdminTokenStanding(SessionStore sessions, BreakGlassStore breakGlass) {
        this.sessions = sessions;
        this.breakGlass = breakGlass;
    }

    @Override
    public Uni<Boolean> active(AdminPrincipal principal) {
        return principal.breakGlass() ? breakGlassStands(principal.tenantId(), principal.breakGlassVersion())
                : sessionLive(principal.tenantId(), UUID.fromString(principal.sessionId()));
    }

    public Uni<Boolean> sessionLive(String tenantId, UUID sessionId) {
        return sessions.isLive(tenantId, sessionId, Instant.now());
    }

    public Uni<Boolean> breakGlassStands(String tenantId, long credentialVersion) {
        return breakGlass.standsAt(tenantId, credentialVersion);
    }
}
