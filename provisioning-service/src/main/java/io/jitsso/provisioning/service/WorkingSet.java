package io.jitsso.provisioning.service;

import io.jitsso.contracts.events.UserEvent;
import io.jitsso.contracts.outbox.OutboxRecord;
import io.jitsso.provisioning.persistence.AccountKey;
import io.jitsso.provisioning.persistence.AccountStore;
import io.jitsso.provisioning.persistence.AuditDetails;
import io.jitsso.provisioning.persistence.AuditEntity;
import io.jitsso.provisioning.persistence.Changes;
import io.jitsso.provisioning.persistence.ConnectionWatermarks;
import io.jitsso.provisioning.persistence.EmailKey;
import io.jitsso.provisioning.persistence.IdentityEntity;
import io.jitsso.provisioning.persistence.RoleEntity;
import io.jitsso.provisioning.persistence.UserEntity;
import io.jitsso.provisioning.persistence.UserEventOutbox;
import io.jitsso.provisioning.persistence.UserStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The accounts and users one transaction reads and changes, held in memory while its events are
 * applied one after the other, and the rows their changes add up to. Every account and user an event
 * touches is loaded (and row-locked) before the events are applied; {@link #drain()} hands the
 * accumulated changes to the writer, after which the working set matches the database again.
 *
 * <p>It also remembers which users had which email when they were read, for account linking, and which
 * emails the transaction itself has touched since: for those the database must be asked again.
 */
final class WorkingSet {

    /** A user as read or created here, with the grants the database holds and the grants it has now. */
    static final class UserState {
        final UserEntity user;
        private boolean stored;
        private boolean changed;
        private List<RoleEntity> storedGrants;
        private List<Grant> grants;

        private UserState(UserEntity user, boolean stored, List<RoleEntity> storedGrants) {
            this.user = user;
            this.stored = stored;
            this.storedGrants = storedGrants;
            this.grants = storedGrants.stream().map(r -> new Grant(r.role, r.source)).toList();
        }

        List<Grant> grants() {
            return grants;
        }
    }

    /** An upstream account as read or created here. */
    static final class AccountState {
        final AccountKey key;
        final UUID userId;
        private long version;
        private boolean stored;
        private boolean advanced;
        private final boolean linked;

        private AccountState(AccountKey key, UUID userId, long version, boolean linked, boolean stored) {
            this.key = key;
            this.userId = userId;
            this.version = version;
            this.linked = linked;
            this.stored = stored;
        }

        long version() {
            return version;
        }
    }

    private final UserEventOutbox outbox;
    /** The last disconnect's connection version of each connection the batch signs in through, if any. */
    private final Map<ConnectionWatermarks.ConnectionKey, Long> disconnects = new HashMap<>();
    private final Map<AccountKey, AccountState> accounts = new HashMap<>();
    private final Map<UUID, UserState> users = new HashMap<>();
    private final Map<EmailKey, List<UUID>> usersWithEmail = new HashMap<>();
    private final Set<EmailKey> touchedEmails = new HashSet<>();
    private final Map<UUID, Set<String>> connectionsOf = new HashMap<>();
    private final List<AuditEntity> audit = new ArrayList<>();
    private final List<OutboxRecord> events = new ArrayList<>();

    WorkingSet(UserEventOutbox outbox) {
        this.outbox = outbox;
    }

    // --- what was read -------------------------------------------------------------------------

    void addStored(Map<AccountKey, AccountStore.Account> stored) {
        stored.values().forEach(a -> accounts.put(a.key(), new AccountState(a.key(), a.userId(), a.version(), a.linked(), true)));
    }

    void addStored(UserStore.Locked locked) {
        locked.users().values().forEach(u -> users.put(u.id, new UserState(u, true,
                new ArrayList<>(locked.grants().getOrDefault(u.id, List.of())))));
    }

    /** Users with these emails as just read; the emails count as untouched from now on. */
    void addUsersWithEmail(Map<EmailKey, List<UUID>> found) {
        usersWithEmail.putAll(found);
        touchedEmails.removeAll(found.keySet());
    }

    void addConnections(Map<UUID, Set<String>> found) {
        found.forEach((user, connections) -> connectionsOf.put(user, new HashSet<>(connections)));
    }

    // --- lookups -------------------------------------------------------------------------------

    /** The account, or null when it has never signed in. */
    AccountState account(AccountKey key) {
        return accounts.get(key);
    }

    boolean hasUser(UUID id) {
        return users.containsKey(id);
    }

    /** A user this transaction has read or created; only users of the tenant count. */
    UserState user(String tenantId, UUID id) {
        UserState state = users.get(id);
        if (state == null || !state.user.tenantId.equals(tenantId)) {
            throw new IllegalStateException("account points at a missing user");
        }
        return state;
    }

    /** The users with the email as read; null when it was not read or this transaction has touched it since. */
    List<UUID> usersWithEmail(EmailKey email) {
        return touchedEmails.contains(email) ? null : usersWithEmail.get(email);
    }

    /** The connections of the user's accounts, as read and added here; null when not read. */
    Set<String> connectionsOf(UUID userId) {
        return connectionsOf.get(userId);
    }

    // --- changes -------------------------------------------------------------------------------

    void audit(String tenantId, String actor, String action, UUID userId, String connectionId, AuditDetails details) {
        audit.add(AuditEntity.of(tenantId, actor, action, userId, connectionId, details));
    }

    void advance(AccountState account, long version) {
        account.version = version;
        account.advanced = true;
    }

    void addAccount(AccountKey key, UUID userId, long version, boolean linked) {
        accounts.put(key, new AccountState(key, userId, version, linked, false));
        Set<String> connections = connectionsOf.get(userId);
        if (connections != null) {
            connections.add(key.connectionId());
        }
        touch(users.get(userId).user.tenantId, users.get(userId).user.email);
    }

    /** Stores a new user with its first grants, audits it and announces it. */
    UserState create(UserEntity user, RolePlan plan, String connectionId, String actor, AuditDetails details) {
        UserState state = new UserState(user, false, List.of());
        state.grants = plan.applyTo(List.of());
        users.put(user.id, state);
        touch(user.tenantId, user.email);
        audit(user.tenantId, actor, "user.created", user.id, connectionId, details.withRoles(plan.granted(), plan.removed()));
        events.add(outbox.record(user, RolePlan.effective(state.grants), UserEvent.Type.CREATED, connectionId));
        return state;
    }

    /** The profile of the user changed from {@code emailBefore}: both addresses count as touched. */
    void profileChanged(UserState state, String emailBefore) {
        state.changed = true;
        if (!Objects.equals(emailBefore, state.user.email)) {
            touch(state.user.tenantId, emailBefore);
            touch(state.user.tenantId, state.user.email);
        }
    }

    /**
     * Records a change of the user: its version increases, the plan is carried out, the audit entry and
     * the user event (with the effective roles after the change) are written.
     */
    void change(UserState state, RolePlan plan, UserEvent.Type type, String connectionId, String actor, String action,
            AuditDetails details) {
        UserEntity user = state.user;
        user.version++;
        user.updatedAt = Instant.now();
        state.changed = true;
        state.grants = plan.applyTo(state.grants);
        audit(user.tenantId, actor, action, user.id, connectionId, details.withRoles(plan.granted(), plan.removed()));
        events.add(outbox.record(user, RolePlan.effective(state.grants), type, connectionId));
    }

    private void touch(String tenantId, String email) {
        if (email != null) {
            touchedEmails.add(EmailKey.of(tenantId, email));
        }
    }

    // --- writing -------------------------------------------------------------------------------

    /** The rows changed since the last drain; afterwards everything counts as stored. */
    Changes drain() {
        List<UserEntity> newUsers = new ArrayList<>();
        List<UserEntity> changedUsers = new ArrayList<>();
        List<RoleEntity> removed = new ArrayList<>();
        List<RoleEntity> added = new ArrayList<>();
        Instant now = Instant.now();
        for (UserState state : users.values()) {
            if (!state.stored) {
                newUsers.add(state.user);
            } else if (state.changed) {
                changedUsers.add(state.user);
            }
            List<RoleEntity> kept = new ArrayList<>();
            for (RoleEntity grant : state.storedGrants) {
                (state.grants.contains(new Grant(grant.role, grant.source)) ? kept : removed).add(grant);
            }
            for (Grant grant : state.grants) {
                if (kept.stream().noneMatch(r -> r.role.equals(grant.role()) && r.source.equals(grant.source()))) {
                    RoleEntity role = role(state.user, grant, now);
                    added.add(role);
                    kept.add(role);
                }
            }
            state.stored = true;
            state.changed = false;
            state.storedGrants = kept;
        }
        List<IdentityEntity> newAccounts = new ArrayList<>();
        List<IdentityEntity> advanced = new ArrayList<>();
        for (AccountState account : accounts.values()) {
            if (!account.stored) {
                newAccounts.add(identity(account, now));
            } else if (account.advanced) {
                advanced.add(identity(account, now));
            }
            account.stored = true;
            account.advanced = false;
        }
        // rows in key order: two transactions inserting some of the same keys then wait for each other in
        // one order, not in a cycle
        newUsers.sort(Comparator.comparing((UserEntity u) -> u.id));
        newAccounts.sort(Comparator.comparing((IdentityEntity a) -> a.tenantId).thenComparing(a -> a.connectionId)
                .thenComparing(a -> a.upstreamSubject));
        Changes changes = new Changes(newUsers, changedUsers, newAccounts, advanced, removed, added, List.copyOf(audit),
                List.copyOf(events));
        audit.clear();
        events.clear();
        return changes;
    }

    private static RoleEntity role(UserEntity user, Grant grant, Instant now) {
        RoleEntity role = new RoleEntity();
        role.userId = user.id;
        role.tenantId = user.tenantId;
        role.role = grant.role();
        role.source = grant.source();
        role.grantedAt = now;
        return role;
    }

    private static IdentityEntity identity(AccountState account, Instant now) {
        IdentityEntity identity = new IdentityEntity();
        identity.tenantId = account.key.tenantId();
        identity.connectionId = account.key.connectionId();
        identity.upstreamSubject = account.key.upstreamSubject();
        identity.userId = account.userId;
        identity.accountVersion = account.version;
        identity.linked = account.linked;
        identity.createdAt = now;
        return identity;
    }

    void addDisconnects(Map<ConnectionWatermarks.ConnectionKey, Long> found) {
        disconnects.putAll(found);
    }

    /**
     * Whether the gateway read the connection of this sign-in before the connection's last disconnect: such an
     * event, consumed after the disconnect, must not grant the roles the disconnect took away (SPEC A9).
     * Events without a connection version (from producers that predate it) are not judged.
     */
    boolean readBeforeDisconnect(String tenantId, String connectionId, Long connectionVersion) {
        Long disconnected = disconnects.get(new ConnectionWatermarks.ConnectionKey(tenantId, connectionId));
        return connectionVersion != null && disconnected != null && connectionVersion < disconnected;
    }
}
