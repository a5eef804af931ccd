package io.jitsso.provisioning.service;

import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.contracts.events.UserEvent;
import io.jitsso.provisioning.persistence.AuditDetails;
import io.jitsso.provisioning.persistence.IdentityEntity;
import io.jitsso.provisioning.persistence.IdentityRepository;
import io.jitsso.provisioning.persistence.ProcessedEvents;
import io.jitsso.provisioning.persistence.UserEntity;
import io.jitsso.provisioning.persistence.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies sign-in events to users (SPEC A5, A6, A7, A10): each event in one transaction together with
 * its audit entries and user events. Events are applied once (event id) and in order per upstream
 * account (account version): a redelivered event does nothing, an older one is audited only.
 */
@ApplicationScoped
public class SignInProvisioning {

    private static final Logger LOG = Logger.getLogger(SignInProvisioning.class);

    private final UserRepository users;
    private final IdentityRepository identities;
    private final ProcessedEvents processed;
    private final UserChanges changes;

    SignInProvisioning(UserRepository users, IdentityRepository identities, ProcessedEvents processed,
            UserChanges changes) {
        this.users = users;
        this.identities = identities;
        this.processed = processed;
        this.changes = changes;
    }

    /**
     * Applies the event. Two first sign-ins of one account racing (two replicas, or a redelivery during
     * a rebalance) both try to create it: the loser's transaction fails on the account's key, or finds
     * the winner's user while looking for a link, and is applied once more, now finding the account.
     */
    public Uni<ApplyResult> apply(SignInEvent event) {
        return Panache.withTransaction(() -> applyOnce(event))
                .onFailure(SignInProvisioning::lostRace)
                .recoverWithUni(() -> {
                    LOG.debugf("sign-in %s raced another first sign-in of its account; applying it again", event.eventId());
                    return Panache.withTransaction(() -> applyOnce(event));
                });
    }

    /** A concurrent transaction created the account this one was about to create. */
    private static final class AccountCreatedConcurrently extends RuntimeException {
        AccountCreatedConcurrently() {
            super("the account's user was created concurrently", null, false, false);
        }
    }

    private static boolean lostRace(Throwable failure) {
        return failure instanceof AccountCreatedConcurrently || Failures.isUniqueViolation(failure);
    }

    private Uni<ApplyResult> applyOnce(SignInEvent event) {
        return processed.markProcessed(event.eventId())
                .chain(fresh -> {
                    if (!fresh) {
                        return Uni.createFrom().item(ApplyResult.DUPLICATE);
                    }
                    return event.outcome() == SignInEvent.Outcome.SUCCEEDED ? succeeded(event) : denied(event);
                });
    }

    private Uni<ApplyResult> succeeded(SignInEvent event) {
        if (!event.jit()) {
            // JIT off (SPEC A7): no user record, the sign-in is only audited
            return audit(event, "signin.succeeded", null, details(event)).replaceWith(ApplyResult.AUDITED);
        }
        return identities.lock(event.tenantId(), event.connectionId(), event.upstreamSubject())
                .chain(identity -> identity == null ? firstSignIn(event) : nextSignIn(event, identity));
    }

    private Uni<ApplyResult> nextSignIn(SignInEvent event, IdentityEntity identity) {
        if (event.accountVersion() <= identity.accountVersion) {
            return audit(event, "signin.succeeded", identity.userId, details(event).asStale())
                    .replaceWith(ApplyResult.STALE);
        }
        identity.accountVersion = event.accountVersion();
        return audit(event, "signin.succeeded", identity.userId, details(event))
                .chain(() -> lockUser(event.tenantId(), identity.userId))
                .chain(user -> update(event, user, "user.updated", false));
    }

    private Uni<ApplyResult> firstSignIn(SignInEvent event) {
        return linkDecision(event).chain(decision -> {
            if (decision instanceof LinkPolicy.Link link) {
                return link(event, link.userId());
            }
            if (decision instanceof LinkPolicy.Refuse refuse) {
                return audit(event, "user.link_refused", refuse.userId(), details(event).withReason(refuse.reason()))
                        .chain(() -> create(event));
            }
            return create(event);
        });
    }

    /** Looks for an existing user to link to; the candidate's row stays locked while deciding and linking. */
    private Uni<LinkPolicy.Decision> linkDecision(SignInEvent event) {
        if (!LinkPolicy.eligible(event.profile())) {
            return Uni.createFrom().item(new LinkPolicy.NoCandidate());
        }
        return users.withEmail(event.tenantId(), event.profile().email(), 2).chain(found -> {
            if (found.stream().anyMatch(user -> user.id.toString().equalsIgnoreCase(event.accountId()))) {
                // the user this sign-in would create exists: committed by a concurrent first sign-in
                return Uni.createFrom().failure(new AccountCreatedConcurrently());
            }
            if (found.size() != 1) {
                return Uni.createFrom().item(LinkPolicy.decide(found.size(), null));
            }
            return lockUser(event.tenantId(), found.get(0).id).chain(candidate -> changes.grantsOf(candidate)
                    .chain(grants -> identities.userHasIdentityOf(event.tenantId(), candidate.id, event.connectionId())
                            .map(sameConnection -> LinkPolicy.decide(1, new LinkPolicy.Candidate(candidate.id,
                                    candidate.emailVerified, RolePlan.effective(grants.grants()), sameConnection)))));
        });
    }

    private Uni<ApplyResult> link(SignInEvent event, UUID userId) {
        IdentityEntity identity = newIdentity(event, userId, true);
        return identities.persist(identity)
                .chain(() -> audit(event, "signin.succeeded", userId, details(event)))
                .chain(() -> lockUser(event.tenantId(), userId))
                .chain(user -> update(event, user, "user.linked", true))
                .replaceWith(ApplyResult.LINKED);
    }

    private Uni<ApplyResult> create(SignInEvent event) {
        Instant now = Instant.now();
        UserEntity user = new UserEntity();
        user.id = UUID.fromString(event.accountId());
        user.tenantId = event.tenantId();
        user.custom = new HashMap<>();
        user.version = 1;
        user.createdAt = now;
        user.updatedAt = now;
        ProfileUpdate.apply(user, event.profile());
        RolePlan plan = RolePlan.replace(List.of(), RoleSources.connection(event.connectionId()), event.roles());
        return audit(event, "signin.succeeded", user.id, details(event))
                .chain(() -> changes.create(user, plan, event.connectionId(), actor(event), details(event)))
                .chain(() -> identities.persist(newIdentity(event, user.id, false)))
                .replaceWith(ApplyResult.CREATED);
    }

    /**
     * A newer sign-in: profile attributes and this connection's roles become what the event asserts.
     * {@code always} records the change even when nothing else did (linking is itself a change).
     */
    private Uni<ApplyResult> update(SignInEvent event, UserEntity user, String action, boolean always) {
        return changes.grantsOf(user).chain(grants -> {
            RolePlan plan = RolePlan.replace(grants.grants(), RoleSources.connection(event.connectionId()), event.roles());
            boolean profileChanged = ProfileUpdate.apply(user, event.profile());
            if (!always && !profileChanged && plan.isEmpty()) {
                return Uni.createFrom().item(ApplyResult.UNCHANGED);
            }
            return changes.change(user, grants, plan, UserEvent.Type.UPDATED, event.connectionId(), actor(event),
                    action, details(event)).replaceWith(ApplyResult.UPDATED);
        });
    }

    private Uni<ApplyResult> denied(SignInEvent event) {
        return identities.lock(event.tenantId(), event.connectionId(), event.upstreamSubject()).chain(identity -> {
            AuditDetails details = details(event).withReason(event.denialReason());
            if (identity == null) {
                // no user is created for a denied sign-in (SPEC A5)
                return audit(event, "signin.denied", null, details).replaceWith(ApplyResult.AUDITED);
            }
            if (event.accountVersion() <= identity.accountVersion) {
                return audit(event, "signin.denied", identity.userId, details.asStale()).replaceWith(ApplyResult.STALE);
            }
            identity.accountVersion = event.accountVersion();
            return audit(event, "signin.denied", identity.userId, details)
                    .chain(() -> lockUser(event.tenantId(), identity.userId))
                    .chain(user -> withdraw(event, user));
        });
    }

    /** A denied sign-in of a known account: the roles this connection granted are withdrawn (SPEC A5). */
    private Uni<ApplyResult> withdraw(SignInEvent event, UserEntity user) {
        return changes.grantsOf(user).chain(grants -> {
            RolePlan plan = RolePlan.withdraw(grants.grants(), RoleSources.connection(event.connectionId()));
            if (plan.isEmpty()) {
                return Uni.createFrom().item(ApplyResult.UNCHANGED);
            }
            return changes.change(user, grants, plan, UserEvent.Type.DOWNGRADED, event.connectionId(), actor(event),
                    "roles.withdrawn", details(event).withReason(event.denialReason()))
                    .replaceWith(ApplyResult.DOWNGRADED);
        });
    }

    private Uni<UserEntity> lockUser(String tenantId, UUID userId) {
        return users.lockInTenant(tenantId, userId)
                .onItem().ifNull().failWith(() -> new IllegalStateException("account points at a missing user"));
    }

    private Uni<Void> audit(SignInEvent event, String action, UUID userId, AuditDetails details) {
        return changes.record(event.tenantId(), actor(event), action, userId, event.connectionId(), details);
    }

    private static IdentityEntity newIdentity(SignInEvent event, UUID userId, boolean linked) {
        IdentityEntity identity = new IdentityEntity();
        identity.tenantId = event.tenantId();
        identity.connectionId = event.connectionId();
        identity.upstreamSubject = event.upstreamSubject();
        identity.userId = userId;
        identity.accountVersion = event.accountVersion();
        identity.linked = linked;
        identity.createdAt = Instant.now();
        return identity;
    }

    /** Who acted: the upstream account that signed in. */
    static String actor(SignInEvent event) {
        return "upstream:" + event.connectionId() + "/" + event.upstreamSubject();
    }

    private static AuditDetails details(SignInEvent event) {
        return new AuditDetails(event.eventId(), event.upstreamSubject(), event.accountVersion(), event.jit(), null, null,
                null, null, null);
    }
}
