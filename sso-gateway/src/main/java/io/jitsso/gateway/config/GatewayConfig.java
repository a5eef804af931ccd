package io.jitsso.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every setting of the gateway. Env names: {@code JITSSO_...} (e.g. {@code JITSSO_SESSION_SERVICE_URL}). */
@ConfigMapping(prefix = "jitsso")
public interface GatewayConfig {

    /**
     * Operator credential: the bearer token of the connection admin API ({@code /admin}). The same
     * value as session-service's operator token, which the gateway also presents when it revokes a
     * denied user's sessions. Set it from a secret; at least 32 characters.
     */
    String operatorToken();

    /** Service-to-service credential the gateway presents to session-service's {@code /internal} API. */
    String internalToken();

    /**
     * Public base URL of the gateway as browsers reach it. Login URLs are
     * {@code <base>/login/<tenant>/<key>}; the redirect URI to register at an upstream IdP is
     * {@code <base>/oidc/<connection>/callback}.
     */
    @WithDefault("http://localhost:8080")
    String publicBaseUrl();

    /**
     * Public base URL of session-service, whose {@code <base>/t/<tenant>} is the issuer apps see.
     * When set, every redirect back to an app carries {@code iss} (RFC 9207), so an app talking to
     * several authorization servers can tell which one answered. Unset: no {@code iss} parameter.
     */
    Optional<String> issuerBaseUrl();

    /** Base URL of session-service's internal API (inside the cluster). */
    @WithDefault("http://localhost:8081")
    String sessionServiceUrl();

    /**
     * Base URL of migration-service's internal API (inside the cluster). Sign-ins through a connection a
     * migration source claimed end there (redirect migration) instead of in federation.
     */
    @WithDefault("http://localhost:8083")
    String migrationServiceUrl();

    /**
     * Whether migration-service is deployed beside the gateway (the chart sets it from {@code migration.enabled}).
     * Without it there is no user schema: custom attributes pass as the connection maps them, unchecked (ADR-32).
     */
    @WithDefault("true")
    boolean migrationServiceEnabled();

    Keys keys();

    AdminPortal adminPortal();

    Outbox outbox();

    SignIn signIn();

    Saml saml();

    interface Keys {
        /** Base64 of 32 random bytes: the AES-256-GCM key that encrypts upstream client secrets at rest. */
        String masterKey();
    }

    /**
     * Tenant admins on the admin API (SPEC A11): besides the operator token, the API accepts access
     * tokens session-service issued for a tenant's admin portal app to a user holding {@code owner}
     * or {@code admin}, on that tenant's paths only. Their issuer must be
     * {@code <jitsso.issuer-base-url>/t/<tenant>} (session-service's public URL; when unset, its
     * internal URL), their keys come from {@code <jitsso.session-service-url>/t/<tenant>/jwks}.
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
         * How often the outbox relay looks for unpublished events. Sign-ins nudge the relay at once;
         * this is the safety net while the broker is away (the scheduler's minimum is one second).
         */
        @WithDefault("PT1S")
        Duration pollInterval();
    }

    interface Saml {
        /**
         * How often the IdP metadata of SAML connections configured by {@code metadata_url} is
         * fetched again. New signing certificates and SSO URL are taken when the document parses,
         * validates and names the same entity id; otherwise the connection keeps what it has, and
         * the failure is logged and counted. The first refresh runs one interval after start.
         */
        @WithDefault("PT1H")
        Duration metadataRefreshInterval();
    }

    interface SignIn {
        /**
         * How long a started sign-in may stay at the upstream IdP before its authorization request
         * expires (the user then starts again from the app).
         */
        @WithDefault("PT10M")
        Duration requestLifetime();

        /** How long a connection's settings may be served from memory before they are re-read. */
        @WithDefault("PT5S")
        Duration connectionCacheTtl();

        /**
         * How long an app's registration (redirect URIs), as session-service answered it, may be served
         * from memory at the authorization endpoint; zero asks session-service every time.
         */
        @WithDefault("PT5S")
        Duration appCacheTtl();

        /**
         * How long a tenant's user schema, as migration-service answered it, may be served from memory to
         * sign-ins that map custom attributes (ADR-32); zero asks every time.
         */
        @WithDefault("PT30S")
        Duration userSchemaCacheTtl();
    }
}
