package io.jitsso.contracts.admin;

import io.jitsso.contracts.reactive.TtlCache;
import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * Remembers answers of an {@link AdminTokenStatus} for a bounded time ({@link TtlCache}: at most 10,000
 * answers, concurrent questions about one token share one call), so that a portal page that makes a burst of
 * admin calls asks session-service once: a revoked session or a replaced break-glass password stops opening
 * the admin API after at most the TTL. A TTL of zero asks every time. Failures are not remembered.
 */
final class CachedTokenStatus implements AdminTokenStatus {

    private static final int MAX_ENTRIES = 10_000;

    private final AdminTokenStatus source;
    private final TtlCache<String, Boolean> answers;

    CachedTokenStatus(AdminTokenStatus source, Duration ttl) {
        this.source = source;
        this.answers = new TtlCache<>(ttl, MAX_ENTRIES, active -> true);
    }

    @Override
    public Uni<Boolean> active(AdminPrincipal principal) {
        return answers.get(key(principal), () -> source.active(principal));
    }

    private static String key(AdminPrincipal principal) {
        return principal.tenantId() + '\n' + (principal.breakGlass()
                ? "break-glass\n" + principal.breakGlassVersion()
                : principal.sessionId());
    }
}
