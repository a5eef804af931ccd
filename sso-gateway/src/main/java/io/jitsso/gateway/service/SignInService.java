package io.jitsso.gateway.service;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.contracts.profile.UserSchema;
import io.jitsso.contracts.reactive.OffEventLoop;
import io.jitsso.contracts.reactive.Transactions;
import io.jitsso.gateway.client.MigrationServiceClient;
import io.jitsso.gateway.client.SessionServiceApi;
import io.jitsso.gateway.client.SessionServiceClient;
import io.jitsso.gateway.config.GatewayConfig;
import io.jitsso.gateway.mapping.AccessPolicy;
import io.jitsso.gateway.mapping.ClaimPath;
import io.jitsso.gateway.mapping.MfaPolicy;
import io.jitsso.gateway.mapping.RoleMapper;
import io.jitsso.gateway.mapping.UpstreamIdentity;
import io.jitsso.gateway.messaging.GatewayEventRelay;
import io.jitsso.gateway.persistence.AccountStore;
import io.jitsso.gateway.persistence.ConnectionSettings;
import io.jitsso.gateway.persistence.ConnectionStore;
import io.jitsso.gateway.persistence.Outbox;
import io.jitsso.gateway.persistence.PendingAuthorizationStore.PendingAuthorization;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The protocol-agnostic end of a federated sign-in: map roles, apply the access policy, record the
 * account and the sign-in event in one transaction (the outbox), then either open the IdP session
 * and hand the app its code, or deny: no session, no code, and the account's existing sessions are
 * revoked (SPEC A5-A7).
 */
@ApplicationScoped
public class SignInService {

    private static final Logger LOG = Logger.getLogger(SignInService.class);
    /** Authentication method of every federated sign-in in the suite's sessions. */
    static final String FEDERATED = "fed";
    static final String MFA = "mfa";

    private final ConnectionStore connections;
    private final AccountStore accounts;
    private final Outbox outbox;
    private final SessionServiceClient sessions;
    private final GatewayEventRelay relay;
    private final AppIssuer issuer;
    private final MeterRegistry metrics;
    private final UserSchemas schemas;

    SignInService(ConnectionStore connections, AccountStore accounts, Outbox outbox, SessionServiceClient sessions,
            GatewayEventRelay relay, GatewayConfig config, MeterRegistry metrics, UserSchemas schemas) {
        this.schemas = schemas;
        this.connections = connections;
        this.accounts = accounts;
        this.outbox = outbox;
        this.sessions = sessions;
        this.relay = relay;
        this.issuer = new AppIssuer(config.issuerBaseUrl());
        this.metrics = metrics;
    }

    /**
     * The sign-in after mapping and policy, as recorded: the app's request it completed, and
     * {@code issued}, the app's code, when accepted.
     */
    private record Recorded(PendingAuthorization request, AccountStore.Account account, List<String> roles,
            AccessPolicy.Decision decision, SessionServiceApi.IssuedCode issued) {
    }

    /** The session to open for an accepted sign-in; none for a denied one. */
    private interface SessionOpening {
        Uni<SessionServiceApi.IssuedCode> open(PendingAuthorization request, AccountStore.Account account);
    }

    /**
     * @param clientAddress the address of the browser that completed the sign-in (ADR-29), recorded in its event;
     *                      null when unknown
     */
    public Uni<SignInOutcome> complete(PendingRequest request, LiveConnection connection, UpstreamIdentity identity,
            String clientAddress) {
        return mapRoles(connection, identity).chain(roles -> roles == null
                ? refuse(request, connection, MAPPING_TOO_SLOW)
                : complete(request, connection, identity, roles, clientAddress));
    }

    /**
     * The connection's custom attributes fitted to the tenant's user schema (ADR-32); null when there is nothing to
     * fit: the connection maps no custom attribute (then the schema requires none: saves see to it), or there is no
     * schema (no migration-service). Required attributes count only among those the connection maps, so a
     * connection saved before a required attribute existed keeps signing users in until it is next saved.
     */
    private Uni<UserSchema.Conformed> conform(LiveConnection connection, UpstreamIdentity identity) {
        Map<String, ClaimPath> mapped = connection.attributeMappings().custom();
        if (mapped.isEmpty() || !schemas.enabled()) {
            return Uni.createFrom().nullItem();
        }
        return schemas.forSignIn(connection.tenantId())
                .onFailure(MigrationServiceClient.SchemaUnavailable.class).transform(failure ->
                        new ApiException.ServiceUnavailable("Your sign-in cannot be completed just now. Try again in a"
                                + " moment."))
                .map(schema -> schema.restrictedTo(mapped.keySet()).conform(identity.attributes(), "from the identity provider"));
    }

    /**
     * How a sign-in ends whose profile does not fit the tenant's user schema (a required attribute missing, a value
     * not of its attribute's type): nothing recorded, the browser told which attributes (names, never values).
     */
    static SignInOutcome.Denied profileInvalid(List<String> problems) {
        return new SignInOutcome.Denied("profile_invalid", "Your identity provider did not send the profile your"
                + " organization requires (" + String.join("; ", problems) + ").");
    }

    /**
     * A verified sign-in refused before anything is recorded: the app's request is taken all the same (and a SAML
     * assertion recorded as used), so the same upstream response cannot be posted again to try its luck later.
     */
    private Uni<SignInOutcome> refuse(PendingRequest request, LiveConnection connection, SignInOutcome.Denied outcome) {
        return Transactions.pipelined(connections.pool(), sql -> request.take(sql))
                .invoke(taken -> metrics.counter("jitsso.gateway.signins", "outcome", "refused",
                        "protocol", connection.record().protocol()).increment())
                .replaceWith(outcome);
    }

    /** How a sign-in ends whose role mapping ran past its budget: nothing recorded, the browser told why. */
    static final SignInOutcome.Denied MAPPING_TOO_SLOW = new SignInOutcome.Denied("role_mapping_too_slow",
            "This connection's role mapping could not be evaluated in time for the roles your identity provider sent.");

    /**
     * The connection's role mapping of the upstream's role values; null when its patterns ran past the
     * mapping's budget (logged, with the pattern, for the tenant's admin). Pattern rules get 1 ms on the event
     * loop, where sane ones finish; a mapping still running then is run again on a worker thread with the
     * whole budget: 50 ms of backtracking must not hold an event loop that every tenant shares.
     */
    static Uni<List<String>> mapRoles(LiveConnection connection, UpstreamIdentity identity) {
        RoleMapper mapper = connection.roleMapper();
        Uni<List<String>> mapped = !mapper.hasPatterns()
                ? Uni.createFrom().item(() -> mapper.map(identity.roles()))
                : Uni.createFrom().item(() -> mapper.map(identity.roles(), RoleMapper.EVENT_LOOP_BUDGET_NANOS))
                        .onFailure(RoleMapper.TooSlow.class)
                        .recoverWithUni(() -> OffEventLoop.compute(() -> mapper.map(identity.roles())));
        return mapped.onFailure(RoleMapper.TooSlow.class).recoverWithItem(failure -> {
            LOG.warnf("sign-in through %s of tenant %s refused: role-mapping pattern %s ran past the mapping's budget"
                    + " on the %d role values the upstream sent", connection.id(), connection.tenantId(),
                    ((RoleMapper.TooSlow) failure).pattern(), identity.roles().size());
            return null;
        });
    }

    /**
     * The policy first, on roles and amr alone: a sign-in it denies is recorded and denied whatever the profile holds,
     * and without reading the schema (an offboarded user's sessions end even when the IdP no longer sends their
     * attributes, or migration-service cannot answer); its event carries no custom attributes. Only a sign-in the
     * policy accepts is fitted to the schema, and refused when its profile does not fit.
     */
    private Uni<SignInOutcome> complete(PendingRequest request, LiveConnection connection, UpstreamIdentity identity,
            List<String> roles, String clientAddress) {
        AccessPolicy.Decision decision = decide(connection, identity, roles, connection.settings().jit());
        if (decision instanceof AccessPolicy.Rejected rejected) {
            return record(request, connection, identity.withAttributes(Map.of()), roles, decision, clientAddress,
                            (taken, account) -> Uni.createFrom().nullItem())
                    .chain(recorded -> deny(connection, recorded, rejected));
        }
        return conform(connection, identity).chain(conformed -> {
            if (conformed != null && !conformed.problems().isEmpty()) {
                LOG.infof("sign-in through %s of tenant %s refused: the profile does not fit the user schema: %s",
                        connection.id(), connection.tenantId(), String.join("; ", conformed.problems()));
                return refuse(request, connection, profileInvalid(conformed.problems()));
            }
            UpstreamIdentity fitted = conformed == null ? identity : identity.withAttributes(conformed.values());
            return record(request, connection, fitted, roles, decision, clientAddress,
                            (taken, account) -> openSession(taken, connection, fitted, account, roles))
                    .call(recorded -> endSessionsBeyond(connection, recorded))
                    .map(recorded -> toApp(connection, recorded))
                    .onFailure(SessionServiceClient.AppAccessDenied.class).recoverWithUni(failure ->
                            appDenied(request, connection, fitted, roles, clientAddress,
                                    (SessionServiceClient.AppAccessDenied) failure));
        });
    }

    /**
     * An accepted sign-in that no longer maps a role the account's sign-in before it mapped: the account's sessions
     * that still carry such a role end (ADR-33), so a role the IdP withdrew does not live on in them (an app that
     * requires it would still take them). The new session carries only the roles mapped now and stays. Rare, and
     * after the commit: a failure is logged, the sign-in stands.
     */
    private Uni<Void> endSessionsBeyond(LiveConnection connection, Recorded recorded) {
        return recorded.account().rolesDropped() ? endSessions(connection, recorded, recorded.roles(), "roles_withdrawn")
                : Uni.createFrom().voidItem();
    }

    /**
     * Ends the account's sessions (with {@code grantedRoles}, those carrying a role outside it) after its sign-in
     * committed: a failure is logged loudly, and the sign-in's outcome stands.
     */
    private Uni<Void> endSessions(LiveConnection connection, Recorded recorded, List<String> grantedRoles, String reason) {
        return sessions.revokeSubject(connection.tenantId(), recorded.account().accountId().toString(), grantedRoles, reason)
                .onFailure().invoke(failure -> LOG.errorf("sessions of account %s were NOT revoked (%s): %s",
                        recorded.account().accountId(), reason, failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * A sign-in the connection accepted, for an app whose required roles its roles miss (ADR-33): session-service
     * refused the code, which rolled the sign-in's transaction back, request and account included. It is recorded
     * again as denied, in a transaction of its own, naming the app; the user's existing sessions stay, for the
     * tenant's other apps.
     */
    private Uni<SignInOutcome> appDenied(PendingRequest request, LiveConnection connection, UpstreamIdentity identity,
            List<String> roles, String clientAddress, SessionServiceClient.AppAccessDenied refusal) {
        AccessPolicy.Rejected rejected = new AccessPolicy.Rejected(AccessPolicy.APP_ROLES_MISSING, refusal.reason(),
                refusal.clientId());
        return record(request, connection, identity, roles, rejected, clientAddress,
                        (taken, account) -> Uni.createFrom().nullItem())
                .chain(recorded -> deny(connection, recorded, rejected));
    }

    /**
     * Takes the app's request, records the account and the sign-in event in one transaction, and
     * opens the session (an HTTP call to session-service) inside it: when the session cannot be
     * opened nothing commits, so no event announces a sign-in the user never completed, and the
     * browser's request is still there. The reverse failure (session opened, commit fails) leaves a
     * session whose code nobody ever receives: it can never be used and expires. With JIT off the
     * account is not stored at all (SPEC A7).
     */
    private Uni<Recorded> record(PendingRequest request, LiveConnection connection, UpstreamIdentity identity,
            List<String> roles, AccessPolicy.Decision decision, String clientAddress, SessionOpening session) {
        Instant now = Instant.now();
        return Transactions.pipelined(connections.pool(), sql -> {
            // the request is taken and the account recorded with its event in one flight of two statements
            // (ADR-23); when the request is gone the transaction rolls the account back
            Uni<AccountStore.Account> account;
            if (connection.settings().jit()) {
                // the event without its account: the statement that records the account adds its id and version
                account = accounts.recordSignIn(sql, connection.tenantId(), connection.id(), identity.subject(), now,
                        roles, outbox.recordWithoutAccount(event(connection, identity, roles, decision, null, now, clientAddress)));
            } else {
                AccountStore.Account unstored = AccountStore.unstored(connection.tenantId(), connection.id(),
                        identity.subject(), now);
                account = outbox.append(sql, event(connection, identity, roles, decision, unstored, now, clientAddress))
                        .replaceWith(unstored);
            }
            return Uni.combine().all().unis(request.take(sql), account).asTuple()
                    .chain(recorded -> session.open(recorded.getItem1(), recorded.getItem2())
                            .map(issued -> new Recorded(recorded.getItem1(), recorded.getItem2(), roles, decision, issued)));
        })
                .invoke(recorded -> {
                    relay.nudge();
                    metrics.counter("jitsso.gateway.signins", "outcome",
                            decision instanceof AccessPolicy.Rejected ? "denied" : "succeeded",
                            "protocol", connection.record().protocol()).increment();
                });
    }

    private Uni<SessionServiceApi.IssuedCode> openSession(PendingAuthorization request, LiveConnection connection,
            UpstreamIdentity identity, AccountStore.Account account, List<String> roles) {
        SessionServiceApi.OpenSession open = new SessionServiceApi.OpenSession(connection.tenantId(),
                account.accountId().toString(), sessionAmr(connection, identity), connection.id(),
                claims(identity, roles),
                new SessionServiceApi.Authorization(request.clientId(), request.redirectUri(), request.codeChallenge(),
                        request.codeChallengeMethod(), request.nonce()));
        return sessions.openSession(open);
    }

    private SignInOutcome toApp(LiveConnection connection, Recorded recorded) {
        PendingAuthorization request = recorded.request();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("code", recorded.issued().code());
        if (request.state() != null) {
            parameters.put("state", request.state());
        }
        issuer.addTo(parameters, connection.tenantId());
        LOG.debugf("sign-in through %s accepted for account %s (v%d)", connection.id(),
                recorded.account().accountId(), recorded.account().version());
        return new SignInOutcome.ToApp(RedirectTo.withQuery(request.redirectUri(), parameters));
    }

    /**
     * A denied account that signed in before may hold sessions from then: they end now. An app's denial (ADR-33)
     * ends only those that carry a role the IdP no longer grants; the user keeps the others, for the tenant's other
     * apps. The denial stands even if session-service cannot be reached (the event is already recorded); that
     * failure is logged loudly.
     */
    private Uni<SignInOutcome> deny(LiveConnection connection, Recorded recorded, AccessPolicy.Rejected rejected) {
        LOG.infof("sign-in through %s denied for account %s: %s%s", connection.id(), recorded.account().accountId(),
                rejected.error(), rejected.app() == null ? "" : " (app " + rejected.app() + ")");
        Uni<Void> revoke = recorded.account().created() ? Uni.createFrom().voidItem()
                : rejected.app() == null ? endSessions(connection, recorded, null, "access_denied")
                : endSessions(connection, recorded, recorded.roles(), "roles_withdrawn");
        return revoke.replaceWith(new SignInOutcome.Denied(rejected.error(), rejected.reason()));
    }

    /**
     * The connection's MFA requirement first, then its role policy (SPEC A5, A7). {@code localAccount}:
     * the sign-in ends in a stored account that a local second factor could belong to.
     */
    static AccessPolicy.Decision decide(LiveConnection connection, UpstreamIdentity identity, List<String> roles,
            boolean localAccount) {
        ConnectionSettings settings = connection.settings();
        MfaPolicy mfa = new MfaPolicy(settings.mfa().required(), settings.trustUpstreamMfa(),
                settings.mfa().skipLocalForFederated());
        return mfa.check(identity.amr(), localAccount)
                .<AccessPolicy.Decision>map(unmet -> new AccessPolicy.Rejected(unmet.error(), unmet.reason()))
                .orElseGet(() -> connection.accessPolicy().evaluate(roles));
    }

    /**
     * Every federated session says {@code fed}; it says {@code mfa} too only when the connection
     * trusts the upstream's MFA and the upstream asserted it (SPEC A7).
     */
    static List<String> sessionAmr(LiveConnection connection, UpstreamIdentity identity) {
        List<String> amr = new ArrayList<>(List.of(FEDERATED));
        if (connection.settings().trustUpstreamMfa() && identity.amr().contains(MFA)) {
            amr.add(MFA);
        }
        return amr;
    }

    /** The mapped profile and roles, copied into the app's tokens by session-service. */
    static Map<String, Object> claims(UpstreamIdentity identity, List<String> roles) {
        Map<String, Object> claims = new LinkedHashMap<>();
        putIfPresent(claims, "email", identity.email());
        if (identity.email() != null) {
            claims.put("email_verified", identity.emailVerified());
        }
        putIfPresent(claims, "name", identity.displayName());
        putIfPresent(claims, "given_name", identity.givenName());
        putIfPresent(claims, "family_name", identity.familyName());
        claims.put("roles", roles);
        if (!identity.attributes().isEmpty()) {
            claims.put("attributes", identity.attributes());
        }
        return claims;
    }

    /** The sign-in's event; without {@code account} when the statement that records the account adds it. */
    private static SignInEvent event(LiveConnection connection, UpstreamIdentity identity, List<String> roles,
            AccessPolicy.Decision decision, AccountStore.Account account, Instant now, String clientAddress) {
        boolean denied = decision instanceof AccessPolicy.Rejected;
        return new SignInEvent(SignInEvent.SCHEMA_VERSION, UUID.randomUUID().toString(),
                denied ? SignInEvent.Outcome.DENIED : SignInEvent.Outcome.SUCCEEDED, connection.tenantId(), connection.id(),
                connection.record().protocol(), identity.subject(), account == null ? null : account.accountId().toString(),
                account == null ? 0 : account.version(),
                connection.settings().jit(),
                new SignInEvent.Profile(identity.email(), identity.emailVerified(), identity.givenName(),
                        identity.familyName(), identity.displayName(), identity.attributes()),
                roles, identity.amr(), denied ? eventReason(((AccessPolicy.Rejected) decision).reason()) : null, now,
                connection.record().version(), clientAddress, denied ? ((AccessPolicy.Rejected) decision).app() : null);
    }

    /**
     * A denial's sentence as its event carries it: cut to what consumers accept (long role lists, an app's long name),
     * so that the denial is audited rather than dead-lettered.
     */
    static String eventReason(String reason) {
        return reason.length() <= SignInEvent.MAX_DENIAL_REASON ? reason
                : reason.substring(0, SignInEvent.MAX_DENIAL_REASON - 3) + "...";
    }

    private static void putIfPresent(Map<String, Object> claims, String name, String value) {
        if (value != null) {
            claims.put(name, value);
        }
    }
}
