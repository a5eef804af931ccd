package io.jitsso.session.service;

import io.jitsso.session.config.SessionConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** The two limits on silent authentication (SPEC C5): per client and per session. */
@ApplicationScoped
public class SilentAuthLimits {

    private final RateLimiter perClient;
    private final RateLimiter perSession;

    SilentAuthLimits(SessionConfig config, Ticker ticker) {
        perClient = new RateLimiter(config.rateLimit().perClient(), config.rateLimit().burstSeconds(), ticker);
        perSession = new RateLimiter(config.rateLimit().perSession(), config.rateLimit().burstSeconds(), ticker);
    }

    public RateLimiter perClient() {
        return perClient;
    }

    public RateLimiter perSession() {
        return perSession;
    }
}
