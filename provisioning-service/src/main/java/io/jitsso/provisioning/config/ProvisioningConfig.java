package io.jitsso.provisioning.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every setting of the provisioning service. Env names: {@code JITSSO_...} (e.g. {@code JITSSO_OPERATOR_TOKEN}). */
@ConfigMapping(prefix = "jitsso")
public interface ProvisioningConfig {

    /**
     * Operator credential: the bearer token of the admin API ({@code /admin}). Set it from a secret;
     * at least 32 characters. No default: the service refuses to start without it.
     */
    String operatorToken();

    Outbox outbox();

    Consumer consumer();

    ProcessedEvents processedEvents();

    interface Outbox {
        /**
         * How often the outbox relay looks for user events left unpublished (a change nudges the relay
         * at once; this catches what a failed run left). The scheduler's minimum is one second.
         */
        @WithDefault("PT1S")
        Duration pollInterval();
    }

    interface Consumer {
        /**
         * First wait before an event whose apply failed for a transient reason (database unreachable,
         * deadlock, serialization failure) is tried again; doubles up to {@link #maxBackoff()}.
         * Transient failures are retried until they succeed: the partition waits rather than lose or
         * reorder an event.
         */
        @WithDefault("PT0.2S")
        Duration initialBackoff();

        /** Longest wait between two tries of the same event. */
        @WithDefault("PT10S")
        Duration maxBackoff();

        /**
         * Kafka consumer session timeout in milliseconds (the consumers' {@code session.timeout.ms}):
         * how soon the partitions of a replica that died move to another one, or back to it after a
         * restart. Kafka's default is 45 s.
         */
        @WithDefault("10000")
        int sessionTimeoutMs();
    }

    interface ProcessedEvents {
        /**
         * How long applied event ids are remembered for de-duplication. Keep it at least as long as
         * the retention of the consumed topics, or a replay from the start could re-audit old events.
         */
        @WithDefault("P8D")
        Duration retention();

        /** How often expired event ids are deleted. */
        @WithDefault("PT1H")
        Duration cleanupInterval();
    }
}
