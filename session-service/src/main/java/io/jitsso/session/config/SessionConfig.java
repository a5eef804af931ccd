package io.jitsso.session.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** Every setting of the session service. Env names: {@code JITSSO_...} (e.g. {@code JITSSO_OPERATOR_TOKEN}). */
@ConfigMapping(prefix = "jitsso")
public interface SessionConfig {

    /**
     * Bootstrap operator credential: a bearer token that may create tenants and apps. Set it from a
     * secret; at least 32 characters.
     */
    String operatorToken();

    /** Service-to-service credential for the {@code /internal} API (other suite services only). */
    String internalToken();

    /**
     * Public base URL of this service as apps reach it; a tenant's issuer is
     * {@code <base>/t/<tenant>}.
     */
    @WithDefault("http://localhost:8081")
    String issuerBaseUrl();

    /**
     * Public base URL of the sso-gateway, which serves the app-facing authorization endpoint
     * ({@code <base>/t/<tenant>/authorize}) published in discovery.
     */
    @WithDefault("http://localhost:8080")
    String gatewayBaseUrl();

    Keys keys();

    Apps apps();

    Outbox outbox();

    Session session();

    Tokens tokens();

    RateLimit rateLimit();

    AdminPortal adminPortal();

    BreakGlass breakGlass();

    interface Keys {
        /** Base64 of 32 random bytes: AES-256-GCM key that encrypts signing keys at rest. */
        String masterKey();

        /** How long a tenant's key cache may serve before it re-reads the database. */
        @WithDefault("PT30S")
        Duration cacheTtl();
    }

    interface Apps {
        /**
         * How long a replica may serve an app registration from memory. Bounds how long another
         * replica still honours a rotated secret or a deleted app.
         */
        @WithDefault("PT5S")
        Duration cacheTtl();
    }

    interface Outbox {
        /**
         * How often the outbox relay looks for events a failed run or another replica left behind
         * (every change also starts a relay run at once). Whole seconds: the scheduler's floor.
         */
        @WithDefault("PT1S")
        Duration pollInterval();
    }

    interface Session {
        /** IdP session lifetime; every successful authentication extends it to now + this. */
        @WithDefault("P14D")
        Duration lifetime();

        /** Ended or expired sessions are deleted after this long (kept meanwhile for audit). */
        @WithDefault("P30D")
        Duration retention();
    }

    interface Tokens {
        /** Lifetime of access tokens (client-credentials and session-derived). */
        @WithDefault("PT5M")
        Duration accessTokenLifetime();

        /** Lifetime of ID tokens. */
        @WithDefault("PT5M")
        Duration idTokenLifetime();

        /** Lifetime of authorization codes (single use). */
        @WithDefault("PT1M")
        Duration authorizationCodeLifetime();

        /** Signing algorithm for apps that do not choose one: ES256 or RS256. */
        @WithDefault("ES256")
        String defaultAlgorithm();
    }

    interface RateLimit {
        /** Silent authentications per second per client, per replica. */
        @WithDefault("500")
        int perClient();

        /** Silent authentications per second per session, per replica. */
        @WithDefault("5")
        int perSession();

        /** Bucket size as seconds of rate: a client may burst perClient * burstSeconds requests. */
        @WithDefault("2")
        int burstSeconds();

        /**
         * Wrong client secrets per second per client at the token endpoint, per replica, in bursts of five
         * seconds' worth (not {@code burstSeconds}): each may cost an argon2id verification (~25 ms of CPU).
         * More answer 429 without verifying anything; a secret this replica already verified still passes.
         */
        @WithDefault("1")
        @Min(1)
        int wrongSecretsPerClient();
    }

    /**
     * Tenant admins on the admin API (SPEC A11): besides the operator token, the API accepts access
     * tokens this service issued for a tenant's admin portal app to a user holding {@code owner} or
     * {@code admin} (or to the tenant's break-glass admin), on that tenant's paths only.
     */
    interface AdminPortal {
        /**
         * Client id of the admin portal app in each tenant: the audience of admin access tokens. The
         * same value in every service.
         */
        @WithDefault("admin-portal")
        String clientId();

        /** How long verified tenants' keys are used before they are read again (unknown kids re-read at once). */
        @WithDefault("PT1M")
        Duration keysCacheTtl();

        /**
         * How long an answer to "does this admin token's session (or break-glass credential) still stand" is
         * reused: a revoked session stops opening the admin API after at most this long. Zero asks every time.
         */
        @WithDefault("PT5S")
        Duration sessionCheckTtl();
    }

    /** The break-glass local admin per tenant, for when the tenant's IdP is down. */
    interface BreakGlass {
        /**
         * Consecutive wrong passwords from one client address after which that address is locked out for
         * {@link #lockout()} (ADR-30): whoever fails from one place cannot lock the real admin out.
         */
        @WithDefault("5")
        @Min(1)
        int maxFailures();

        /**
         * Consecutive wrong passwords from all addresses after which the account itself locks for
         * {@link #lockout()}: the backstop against guessing from many addresses.
         */
        @WithDefault("100")
        @Min(1)
        int maxAccountFailures();

        /** How long a locked address, or a locked account, is refused every sign-in, right or wrong. */
        @WithDefault("PT15M")
        Duration lockout();

        /** Sign-in attempts per second per tenant and client address, per replica (bursts of five); more answer 429. */
        @WithDefault("1")
        @Min(1)
        int attemptsPerSecond();

        /** Sign-in attempts per second per tenant from all addresses, per replica (bursts of five); more answer 429. */
        @WithDefault("5")
        @Min(1)
        int tenantAttemptsPerSecond();

        /** Lifetime of a break-glass admin access token. */
        @WithDefault("PT15M")
        Duration tokenLifetime();
    }
}
