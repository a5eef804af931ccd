package io.jitsso.provisioning.service;

import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.contracts.events.UserEvent;
import io.jitsso.provisioning.persistence.AccountKey;
import io.jitsso.provisioning.persistence.AuditDetails;
import io.jitsso.provisioning.persistence.EmailKey;
import io.jitsso.provisioning.persistence.UserEntity;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The rules of applying sign-in events (SPEC A5, A6, A7, A10), one event after the other, to the
 * {@link WorkingSet} of one transaction. Everything but account linking decides from what is in
 * memory; a linking decision about an email this transaction has itself touched asks the database
 * again through {@link EmailLookup}, as applying the events one transaction each would have.
 */
final class SignInBatch {

    /** Reads the database again for one email, after writing what the batch has changed so far. */
    interface EmailLookup {
        Uni<Void> refresh(EmailKey email);
    }

    /** A concurrent transaction created the account this one was about to create. */
    static final class AccountCreatedConcurrently extends RuntimeException {
        AccountCreatedConcurrently() {
            super("the account's user was created concurrently", null, false, false);
        }
    }

    private final WorkingSet set;
    private final Set<String> fresh;
    private final EmailLookup lookup;

    /** {@code fresh}: the ids of events not applied before; each applies once, even if the batch repeats it. */
    SignInBatch(WorkingSet set, Set<String> fresh, EmailLookup lookup) {
        this.set = set;
        this.fresh = fresh;
        this.lookup = lookup;
    }

    static AccountKey account(SignInEvent event) {
        return new AccountKey(event.tenantId(), event.connectionId(), event.upstreamSubject());
    }

    Uni<ApplyResult> apply(SignInEvent event) {
        if (!fresh.remove(event.eventId())) {
            return Uni.createFrom().item(ApplyResult.DUPLICATE);
        }
        return event.outcome() == SignInEvent.Outcome.SUCCEEDED ? succeeded(event) : Uni.createFrom().item(denied(event));
    }

    private Uni<ApplyResult> succeeded(SignInEvent event) {
        if (!event.jit()) {
            // JIT off (SPEC A7): no user record, the sign-in is only audited
            audit(event, "signin.succeeded", null, details(event));
            return Uni.createFrom().item(ApplyResult.AUDITED);
        }
        WorkingSet.AccountState account = set.account(account(event));
        if (set.readBeforeDisconnect(event.tenantId(), event.connectionId(), event.connectionVersion())) {
            // accepted before the connection's disconnect, consumed after it: neither a user nor roles (SPEC A9)
            audit(event, "signin.succeeded", account == null ? null : account.userId,
                    details(event).asStale().withReason(DISCONNECTED_SINCE));
            return Uni.createFrom().item(ApplyResult.STALE);
        }
        return account == null ? firstSignIn(event) : Uni.createFrom().item(nextSignIn(event, account));
    }

    /** The audit's reason for a sign-in that arrived after its connection's disconnect. */
    static final String DISCONNECTED_SINCE = "connection_disconnected_since";

    private ApplyResult nextSignIn(SignInEvent event, WorkingSet.AccountState account) {
        if (event.accountVersion() <= account.version()) {
            audit(event, "signin.succeeded", account.userId, details(event).asStale());
            return ApplyResult.STALE;
        }
        set.advance(account, event.accountVersion());
        audit(event, "signin.succeeded", account.userId, details(event));
        return update(event, set.user(event.tenantId(), account.userId), "user.updated", false);
    }

    private Uni<ApplyResult> firstSignIn(SignInEvent event) {
        return linkDecision(event).map(decision -> {
            if (decision instanceof LinkPolicy.Link link) {
                return link(event, link.userId());
            }
            if (decision instanceof LinkPolicy.Refuse refuse) {
                audit(event, "user.link_refused", refuse.userId(), details(event).withReason(refuse.reason()));
            }
            return create(event);
        });
    }

    /** Looks for an existing user to link to: by email as read before, or read again when touched since. */
    private Uni<LinkPolicy.Decision> linkDecision(SignInEvent event) {
        if (!LinkPolicy.eligible(event.profile())) {
            return Uni.createFrom().item(new LinkPolicy.NoCandidate());
        }
        EmailKey email = EmailKey.of(event.tenantId(), event.profile().email());
        Uni<Void> current = set.usersWithEmail(email) == null ? lookup.refresh(email) : Uni.createFrom().voidItem();
        return current.map(ignored -> decide(event, set.usersWithEmail(email)));
    }

    private LinkPolicy.Decision decide(SignInEvent event, List<UUID> found) {
        if (found.stream().anyMatch(id -> id.toString().equalsIgnoreCase(event.accountId()))) {
            // the user this sign-in would create exists: committed by a concurrent first sign-in
            throw new AccountCreatedConcurrently();
        }
        if (found.size() != 1) {
            return LinkPolicy.decide(found.size(), null);
        }
        WorkingSet.UserState candidate = set.user(event.tenantId(), found.get(0));
        Set<String> connections = set.connectionsOf(candidate.user.id);
        return LinkPolicy.decide(1, new LinkPolicy.Candidate(candidate.user.id, candidate.user.emailVerified,
                RolePlan.effective(candidate.grants()), connections.contains(event.connectionId())));
    }

    private ApplyResult link(SignInEvent event, UUID userId) {
        set.addAccount(account(event), userId, event.accountVersion(), true);
        audit(event, "signin.succeeded", userId, details(event));
        update(event, set.user(event.tenantId(), userId), "user.linked", true);
        return ApplyResult.LINKED;
    }

    private ApplyResult create(SignInEvent event) {
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
        audit(event, "signin.succeeded", user.id, details(event));
        set.create(user, plan, event.connectionId(), actor(event), details(event));
        set.addAccount(account(event), user.id, event.accountVersion(), false);
        return ApplyResult.CREATED;
    }

    /**
     * A newer sign-in: profile attributes and this connection's roles become what the event asserts.
     * {@code always} records the change even when nothing else did (linking is itself a change).
     */
    private ApplyResult update(SignInEvent event, WorkingSet.UserState user, String action, boolean always) {
        RolePlan plan = RolePlan.replace(user.grants(), RoleSources.connection(event.connectionId()), event.roles());
        String emailBefore = user.user.email;
        boolean profileChanged = ProfileUpdate.apply(user.user, event.profile());
        if (profileChanged) {
            set.profileChanged(user, emailBefore);
        }
        if (!always && !profileChanged && plan.isEmpty()) {
            return ApplyResult.UNCHANGED;
        }
        set.change(user, plan, UserEvent.Type.UPDATED, event.connectionId(), actor(event), action, details(event));
        return ApplyResult.UPDATED;
    }

    /**
     * A denied sign-in: audited; no user is created (SPEC A5). The connection's denial withdraws the roles it granted
     * a known user.
     */
    private ApplyResult denied(SignInEvent event) {
        WorkingSet.AccountState account = set.account(account(event));
        AuditDetails details = details(event).withReason(event.denialReason());
        if (event.deniedApp() != null) {
            return deniedByApp(event, account, details);
        }
        if (account == null) {
            audit(event, "signin.denied", null, details);
            return ApplyResult.AUDITED;
        }
        if (!event.jit()) {
            // JIT off: the gateway keeps no account, and the event's version is a timestamp, not the account's
            // sign-in counter; compared or stored, it would make every later sign-in look stale once JIT is on again
            audit(event, "signin.denied", account.userId, details);
            return withdraw(event, set.user(event.tenantId(), account.userId));
        }
        if (event.accountVersion() <= account.version()) {
            audit(event, "signin.denied", account.userId, details.asStale());
            return ApplyResult.STALE;
        }
        set.advance(account, event.accountVersion());
        audit(event, "signin.denied", account.userId, details);
        return withdraw(event, set.user(event.tenantId(), account.userId));
    }

    /**
     * A sign-in the connection accepted and an app's required roles refused (ADR-33): the IdP vouched for the user as
     * they are now, so a known user is kept in step as by an accepted sign-in (profile, this connection's roles), and
     * the version it advances then stands for what it applied (succeeded and denied sign-ins arrive on two topics,
     * in any order between them). No user is created, and nothing is withdrawn beyond what the IdP no longer asserts.
     */
    private ApplyResult deniedByApp(SignInEvent event, WorkingSet.AccountState account, AuditDetails details) {
        if (account == null || !event.jit()) {
            audit(event, "signin.denied", account == null ? null : account.userId, details);
            return ApplyResult.AUDITED;
        }
        if (set.readBeforeDisconnect(event.tenantId(), event.connectionId(), event.connectionVersion())) {
            audit(event, "signin.denied", account.userId, details.asStale().withReason(DISCONNECTED_SINCE));
            return ApplyResult.STALE;
        }
        if (event.accountVersion() <= account.version()) {
            audit(event, "signin.denied", account.userId, details.asStale());
            return ApplyResult.STALE;
        }
        set.advance(account, event.accountVersion());
        audit(event, "signin.denied", account.userId, details);
        return update(event, set.user(event.tenantId(), account.userId), "user.updated", false);
    }

    /** A denied sign-in of a known account: the roles this connection granted are withdrawn (SPEC A5). */
    private ApplyResult withdraw(SignInEvent event, WorkingSet.UserState user) {
        RolePlan plan = RolePlan.withdraw(user.grants(), RoleSources.connection(event.connectionId()));
        if (plan.isEmpty()) {
            return ApplyResult.UNCHANGED;
        }
        set.change(user, plan, UserEvent.Type.DOWNGRADED, event.connectionId(), actor(event), "roles.withdrawn",
                details(event).withReason(event.denialReason()));
        return ApplyResult.DOWNGRADED;
    }

    private void audit(SignInEvent event, String action, UUID userId, AuditDetails details) {
        set.audit(event.tenantId(), actor(event), action, userId, event.connectionId(), details);
    }

    /** Who acted: the upstream account that signed in. */
    static String actor(SignInEvent event) {
        return "upstream:" + event.connectionId() + "/" + event.upstreamSubject();
    }

    private static AuditDetails details(SignInEvent event) {
        return new AuditDetails(event.eventId(), event.upstreamSubject(), event.accountVersion(), event.jit(), null, null,
                null, null, null, event.clientAddress(), event.deniedApp());
    }
}
