package io.jitsso.migration.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every setting of migration-service. Env names: {@code JITSSO_...} (e.g. {@code JITSSO_SESSION_SERVICE_URL}). */
@ConfigMapping(prefix = "jitsso")
public interface MigrationConfig {

    /** Operator credential: the bearer token of the admin API ({@code /admin}). At least 32 characters. */
    String operatorToken();

    /** Service-to-service credential presented to session-service's {@code /internal} API. */
    String internalToken();

    /** Base URL of session-service inside the cluster: its internal API, JWKS and silent authentication. */
    @WithDefault("http://localhost:8081")
    String sessionServiceUrl();

    /**
     * Base URL of the gateway's internal API (inside the cluster). A redirect source claims its gateway
     * connection there when it is saved.
     */
    @WithDefault("http://localhost:8080")
    String gatewayUrl();

    /**
     * Whether the gateway is deployed beside this service (the chart sets it from {@code gateway.enabled}). Without
     * it a new user schema is not checked against the gateway's connections (ADR-32).
     */
    @WithDefault("true")
    boolean gatewayEnabled();

    /**
     * Public base URL of session-service: {@code <base>/t/<tenant>} is the issuer (and audience) of the
     * client access tokens apps present to the migration sign-in API.
     */
    @WithDefault("http://localhost:8081")
    String issuerBaseUrl();

    /** Tenant admins on the admin API (SPEC A11), as in every other service. */
    AdminPortal adminPortal();

    Keys keys();

    Outbox outbox();

    SignIn signIn();

    /**
     * Besides the operator token, the admin API accepts access tokens session-service issued for a
     * tenant's admin portal app to a user holding {@code owner} or {@code admin} (or to the tenant's
     * break-glass admin), on that tenant's paths only.
     */
    interface AdminPortal {
        /** Client id of the admin portal app in each tenant: the audience admin access tokens must carry. */
        @WithDefault("admin-portal")
        String clientId();

        /** How long a tenant's signing keys are used from memory; an unknown key id re-reads them at once. */
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

    interface Keys {
        /** Base64 of 32 random bytes: the AES-256-GCM key that encrypts source secrets at rest. */
        String masterKey();
    }

    interface Outbox {
        /** How often the outbox relay looks for unpublished events (sign-ins also nudge it at once). */
        @WithDefault("PT1S")
        Duration pollInterval();
    }

    interface SignIn {
        /** Sign-in attempts one app (client) may make per second, sustained, per replica. */
        @WithDefault("50")
        int perClientPerSecond();

        /** Sign-in attempts for one identifier per minute, sustained, per replica (burst: the same number). */
        @WithDefault("10")
        int perIdentifierPerMinute();

        /** Failed attempts for one identifier within {@link #failureWindow()} that lock it. */
        @WithDefault("5")
        int maxFailures();

        /** The window in which failures of one identifier are counted. */
        @WithDefault("PT15M")
        Duration failureWindow();

        /** How long a locked identifier stays locked (no source contact, no local check). */
        @WithDefault("PT15M")
        Duration lockoutDuration();

        /** The longest a source may take to answer a credential check before it counts as unavailable. */
        @WithDefault("PT5S")
        Duration sourceTimeout();
    }
}
