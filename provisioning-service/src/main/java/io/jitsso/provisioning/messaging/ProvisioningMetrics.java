package io.jitsso.provisioning.messaging;

import io.jitsso.provisioning.service.ApplyResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * Provisioning metrics (SPEC E2): {@code jitsso_provisioning_events_total{topic,outcome}} with outcome
 * {@code applied}, {@code ignored} (duplicate or stale) or {@code dead_letter}, and
 * {@code jitsso_provisioning_lag_seconds}: from when the gateway accepted a sign-in to when it was
 * applied here.
 */
@ApplicationScoped
public class ProvisioningMetrics {

    private final MeterRegistry registry;
    private final Timer lag;

    ProvisioningMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lag = Timer.builder("jitsso.provisioning.lag")
                .description("time from an event's occurred_at to its being applied")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    void handled(String topic, ApplyResult result, Instant occurredAt) {
        registry.counter("jitsso.provisioning.events", "topic", topic, "outcome", result.applied() ? "applied" : "ignored")
                .increment();
        if (result.applied() && occurredAt != null) {
            Duration elapsed = Duration.between(occurredAt, Instant.now());
            // clocks of two machines: a slightly negative lag is skew, not time travel
            lag.record(elapsed.isNegative() ? Duration.ZERO : elapsed);
        }
    }

    void deadLettered(String topic) {
        registry.counter("jitsso.provisioning.events", "topic", topic, "outcome", "dead_letter").increment();
    }
}
