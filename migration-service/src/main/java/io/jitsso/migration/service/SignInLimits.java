package io.jitsso.migration.service;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.migration.config.MigrationConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The sign-in API's rate limits: per app (client) and per identifier, each with Retry-After. */
@ApplicationScoped
public class SignInLimits {

    private final RateLimiter perClient;
    private final RateLimiter perIdentifier;

    SignInLimits(MigrationConfig config) {
        this.perClient = new RateLimiter(config.signIn().perClientPerSecond(), Duration.ofSeconds(1), System::nanoTime);
        this.perIdentifier = new RateLimiter(config.signIn().perIdentifierPerMinute(), Duration.ofMinutes(1), System::nanoTime);
    }

    public void checkClient(AppPrincipal app) {
        long wait = perClient.acquire(app.tenantId() + "/" + app.clientId());
        if (wait > 0) {
            throw new ApiException.TooManyRequests("too many sign-in attempts from this app; retry later", wait);
        }
    }

    /** Keyed by the identifier's digest: the limiter's memory never holds identifiers in clear. */
    public void checkIdentifier(String tenantId, String identifierKey) {
        long wait = perIdentifier.acquire(tenantId + "/" + identifierKey);
        if (wait > 0) {
            throw new ApiException.TooManyRequests("too many sign-in attempts for this user; retry later", wait);
        }
    }

    @Scheduled(every = "60s")
    void sweep() {
        perClient.sweep();
        perIdentifier.sweep();
    }
}
