package io.jitsso.gateway.service;

import io.jitsso.gateway.client.MigrationServiceApi;
import io.jitsso.gateway.client.MigrationServiceClient;
import io.jitsso.gateway.client.SessionServiceApi;
import io.jitsso.gateway.client.SessionServiceClient;
import io.jitsso.gateway.config.GatewayConfig;
import io.jitsso.gateway.mapping.AccessPolicy;
import io.jitsso.gateway.mapping.UpstreamIdentity;
import io.jitsso.gateway.persistence.PendingAuthorizationStore.PendingAuthorization;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The end of a sign-in through a connection a migration source claimed (redirect migration, SPEC
 * B1): instead of federating, the verified identity goes to migration-service, which creates the
 * user once (or finds the one it created before) with the tenant's user schema, and the app's code
 * flow finishes with a session of that migrated user. The gateway stores no upstream account and
 * emits no federation event: migration-service emits the user's sign-in event itself.
 */
@ApplicationScoped
public class MigrationHandoff {

    private static final Logger LOG = Logger.getLogger(MigrationHandoff.class);

    private final Pool pool;
    private final MigrationServiceClient migrations;
    private final SessionServiceClient sessions;
    private final AppIssuer issuer;
    private final MeterRegistry metrics;
    private final AppRegistrations apps;

    MigrationHandoff(Pool pool, MigrationServiceClient migrations, SessionServiceClient sessions, GatewayConfig config,
            MeterRegistry metrics, AppRegistrations apps) {
        this.apps = apps;
        this.pool = pool;
        this.migrations = migrations;
        this.sessions = sessions;
        this.issuer = new AppIssuer(config.issuerBaseUrl());
        this.metrics = metrics;
    }

    /**
     * The app's request is taken first, on its own: the handoff writes nothing at the gateway that
     * it could share a transaction with.
     */
    public Uni<SignInOutcome> complete(PendingRequest pending, LiveConnection connection, UpstreamIdentity identity,
            String clientAddress) {
        // taken even when the mapping is refused: the same upstream response cannot be posted again
        return SignInService.mapRoles(connection, identity).chain(roles -> pending.take(pool).chain(request -> roles == null
                ? Uni.createFrom().item(SignInService.MAPPING_TOO_SLOW)
                : complete(request, connection, identity, roles, clientAddress)));
    }

    private Uni<SignInOutcome> complete(PendingAuthorization request, LiveConnection connection, UpstreamIdentity identity,
            List<String> roles, String clientAddress) {
        // the connection's MFA requirement and required roles still gate who may be migrated through it;
        // a migrated user is a stored account, as with JIT on
        AccessPolicy.Decision decision = SignInService.decide(connection, identity, roles, true);
        if (decision instanceof AccessPolicy.Rejected rejected) {
            LOG.infof("migration through %s denied: %s", connection.id(), rejected.error());
            return Uni.createFrom().item(new SignInOutcome.Denied(rejected.error(), rejected.reason()));
        }
        return apps.find(connection.tenantId(), request.clientId()).chain(app -> app.isPresent() && !app.get().admitsNoRole()
                ? Uni.createFrom().item(appRequiresRoles(connection, app.get()))
                : migrate(request, connection, identity, clientAddress));
    }

    /**
     * A migrated user's session carries no platform roles, so an app that requires roles would refuse its code
     * (ADR-33): refused before the account is migrated, so the refusal leaves no user behind. session-service refuses
     * the code all the same when this replica's copy of the app is older than its required roles.
     */
    private SignInOutcome appRequiresRoles(LiveConnection connection, SessionServiceApi.AppRegistration app) {
        LOG.infof("migration through %s refused: app %s requires roles", connection.id(), app.clientId());
        return new SignInOutcome.Denied(AccessPolicy.APP_ROLES_MISSING, "The application \"" + app.name()
                + "\" requires roles, which an account that signs in through migration does not carry.");
    }

    private Uni<SignInOutcome> migrate(PendingAuthorization request, LiveConnection connection, UpstreamIdentity identity,
            String clientAddress) {
        return migrations.migrate(connection.tenantId(), new MigrationServiceApi.Handoff(connection.id(), identity.subject(),
                        request.clientId(), profile(identity), identity.amr(), clientAddress))
                .chain(migrated -> openSession(request, connection, identity, migrated)
                        .map(issued -> toApp(request, connection, migrated, issued))
                        // the user is migrated (their account moved); only this app's code is refused (ADR-33)
                        .onFailure(SessionServiceClient.AppAccessDenied.class).recoverWithItem(failure -> {
                            SessionServiceClient.AppAccessDenied refusal = (SessionServiceClient.AppAccessDenied) failure;
                            LOG.infof("migration through %s: app %s refused the migrated user", connection.id(),
                                    refusal.clientId());
                            return new SignInOutcome.Denied(AccessPolicy.APP_ROLES_MISSING, refusal.reason());
                        }));
    }

    private Uni<SessionServiceApi.IssuedCode> openSession(PendingAuthorization request, LiveConnection connection,
            UpstreamIdentity identity, MigrationServiceApi.Migrated migrated) {
        return sessions.openSession(new SessionServiceApi.OpenSession(connection.tenantId(), migrated.userId(),
                SignInService.sessionAmr(connection, identity), migrated.connectionId(), migrated.claims(),
                new SessionServiceApi.Authorization(request.clientId(), request.redirectUri(), request.codeChallenge(),
                        request.codeChallengeMethod(), request.nonce())));
    }

    private SignInOutcome toApp(PendingAuthorization request, LiveConnection connection,
            MigrationServiceApi.Migrated migrated, SessionServiceApi.IssuedCode issued) {
        metrics.counter("jitsso.gateway.signins", "outcome", migrated.migrated() ? "migrated" : "migrated_before",
                "protocol", connection.record().protocol()).increment();
        LOG.debugf("sign-in through %s ended in migration: user %s (%s)", connection.id(), migrated.userId(),
                migrated.migrated() ? "new" : "migrated before");
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("code", issued.code());
        if (request.state() != null) {
            parameters.put("state", request.state());
        }
        issuer.addTo(parameters, connection.tenantId());
        return new SignInOutcome.ToApp(RedirectTo.withQuery(request.redirectUri(), parameters));
    }

    /** The normalized identity as the source profile migration-service maps: standard names, custom attributes by name. */
    static Map<String, Object> profile(UpstreamIdentity identity) {
        Map<String, Object> profile = new LinkedHashMap<>(identity.attributes());
        putIfPresent(profile, "email", identity.email());
        if (identity.email() != null) {
            profile.put("email_verified", identity.emailVerified());
        }
        putIfPresent(profile, "given_name", identity.givenName());
        putIfPresent(profile, "family_name", identity.familyName());
        putIfPresent(profile, "name", identity.displayName());
        profile.put("sub", identity.subject());
        return profile;
    }

    private static void putIfPresent(Map<String, Object> profile, String name, String value) {
        if (value != null) {
            profile.put(name, value);
        }
    }
}
