package io.jitsso.provisioning.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** Every setting of the provisioning service. Env names: {@code JITSSO_...} (e.g. {@code JITSSO_OPERATOR_TOKEN}). */
@ConfigMapping(prefix = "jitsso")
public interface ProvisioningConfig {

    /**
     * Operator credential: the bearer token of the admin API ({@code /admin}). Set it from a secret;
     * at least 32 characters. No default: the service refuses to start without it.
     */
    String operatorToken();

    /**
     * Service-to-service credential presented to session-service's {@code /internal} API, which tells
     * whether an admin token's session still stands (ADR-28). No default.
     */
    String internalToken();

    /**
     * Base URL of session-service inside the cluster: tenants' signing keys are read from
     * {@code <url>/t/<tenant>/jwks} to verify admin access tokens, and whether a token's session still
     * stands from its internal API.
     */
    @WithDefault("http://localhost:8081")
    String sessionServiceUrl();

    /**
     * Public base URL of session-service: the issuer of a tenant's tokens is {@code <base>/t/<tenant>}
     * (the same value as session-service's {@code jitsso.issuer-base-url}).
     */
    @WithDefault("http://localhost:8081")
    String issuerBaseUrl();

    AdminPortal adminPortal();

    Outbox outbox();

    Consumer consumer();

    ProcessedEvents processedEvents();

    /**
     * Tenant admins on the admin API (SPEC A11): besides the operator token, the API accepts access
     * tokens session-service issued for a tenant's admin portal app to a user holding {@code owner}
     * or {@code admin} (or to the tenant's break-glass admin), on that tenant's paths only.
     */
    interface AdminPortal {
        /** Client id of the admin portal app in each tenant: the audience admin access tokens must carry. */
        @WithDefault("admin-portal")
        String clientId();

        /**
         * How long a tenant's signing keys are used from memory; an unknown key id re-reads them at
         * once, so this bounds only how long a key session-service stopped publishing still verifies.
         */
        @WithDefault("PT1M")
        Duration keysCacheTtl();

        /**
         * How long an answer of session-service to "does this admin token's session (or break-glass
         * credential) still stand" is reused: a logout, revocation, disconnect, denial or replaced
         * break-glass password closes the admin API to the token after at most this long (ADR-28).
         * Zero asks on every request.
         */
        @WithDefault("PT5S")
        Duration sessionCheckTtl();
    }

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
         * Most sign-in records applied in one transaction. The records of the polls that arrived while a
         * transaction ran are applied together in the next one, so a burst or a backlog costs one commit
         * per this many records; a larger value holds row locks longer and makes a failing batch's
         * one-by-one retry longer.
         */
        @WithDefault("200")
        @Min(1)
        int maxBatchSize();

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
