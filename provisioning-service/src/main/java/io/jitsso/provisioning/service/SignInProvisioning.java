package io.jitsso.provisioning.service;

import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.provisioning.persistence.AccountKey;
import io.jitsso.provisioning.persistence.AccountStore;
import io.jitsso.provisioning.persistence.ChangeWriter;
import io.jitsso.provisioning.persistence.ConnectionWatermarks;
import io.jitsso.provisioning.persistence.EmailKey;
import io.jitsso.provisioning.persistence.ProcessedEvents;
import io.jitsso.provisioning.persistence.UserEventOutbox;
import io.jitsso.provisioning.persistence.UserStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.jitsso.contracts.reactive.Transactions;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Applies batches of sign-in events to users (SPEC A5, A6, A7, A10, D2): a batch in one transaction
 * together with its audit entries and user events, so a burst costs one commit. Events are applied
 * once (event id) and in order per upstream account (account version): a redelivered event does
 * nothing, an older one is audited only, also within one batch.
 *
 * <p>The transaction reads and locks everything the batch needs with a few statements (accounts,
 * their users, link candidates), applies the events in memory ({@link SignInBatch}) and writes the
 * result with one statement per kind of row ({@link ChangeWriter}).
 */
@ApplicationScoped
public class SignInProvisioning {

    private static final Logger LOG = Logger.getLogger(SignInProvisioning.class);
    /** Linking needs to know whether zero, one or several users have an email. */
    private static final int LINK_CANDIDATES = 2;

    private final Pool pool;
    private final ProcessedEvents processed;
    private final AccountStore accounts;
    private final UserStore users;
    private final ChangeWriter writer;
    private final UserEventOutbox outbox;
    private final ConnectionWatermarks watermarks;

    SignInProvisioning(Pool pool, ProcessedEvents processed, AccountStore accounts, UserStore users, ChangeWriter writer,
            UserEventOutbox outbox, ConnectionWatermarks watermarks) {
        this.watermarks = watermarks;
        this.pool = pool;
        this.processed = processed;
        this.accounts = accounts;
        this.users = users;
        this.writer = writer;
        this.outbox = outbox;
    }

    /**
     * Applies the events in their order in one transaction; the results come in the same order. Two
     * first sign-ins of one account racing (two replicas, or a redelivery during a rebalance) both try
     * to create it: the loser's transaction fails on the account's key, or finds the winner's user
     * while looking for a link, and is applied once more, now finding the account. Any other failure
     * fails the whole batch and changes nothing.
     */
    public Uni<List<ApplyResult>> apply(List<SignInEvent> events) {
        return Transactions.pipelined(pool, connection -> applyIn(connection, events))
                .onFailure(SignInProvisioning::lostRace)
                .recoverWithUni(() -> {
                    LOG.debugf("a batch of %d sign-ins raced another first sign-in of an account; applying it again", events.size());
                    return Transactions.pipelined(pool, connection -> applyIn(connection, events));
                });
    }

    private static boolean lostRace(Throwable failure) {
        return failure instanceof SignInBatch.AccountCreatedConcurrently || Failures.isUniqueViolation(failure);
    }

    private Uni<List<ApplyResult>> applyIn(SqlConnection connection, List<SignInEvent> events) {
        WorkingSet set = new WorkingSet(outbox);
        return processed.markProcessed(connection, events.stream().map(SignInEvent::eventId).toList())
                .call(fresh -> load(connection, set, events.stream().filter(e -> fresh.contains(e.eventId())).toList()))
                .chain(fresh -> applyInOrder(new SignInBatch(set, new HashSet<>(fresh), email -> refresh(connection, set, email)),
                        events))
                .call(() -> writer.write(connection, set.drain()));
    }

    private static Uni<List<ApplyResult>> applyInOrder(SignInBatch batch, List<SignInEvent> events) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(batch::apply)
                .collect().asList();
    }

    /**
     * Reads and locks what the fresh events need: their accounts, the users behind those, and for first
     * sign-ins that may link, the users with their email (locked when there is exactly one).
     */
    private Uni<Void> load(SqlConnection connection, WorkingSet set, List<SignInEvent> fresh) {
        List<AccountKey> keys = fresh.stream().filter(e -> e.jit() || e.outcome() == SignInEvent.Outcome.DENIED)
                .map(SignInBatch::account).toList();
        // first, before any lock on users or accounts: the connections' disconnect locks, shared and in key order
        // (two batches queued behind two disconnects cannot wait on each other), then their last disconnects
        List<ConnectionWatermarks.ConnectionKey> connections = keys.stream()
                .map(key -> new ConnectionWatermarks.ConnectionKey(key.tenantId(), key.connectionId())).distinct()
                .sorted(Comparator.comparing(ConnectionWatermarks.ConnectionKey::tenantId)
                        .thenComparing(ConnectionWatermarks.ConnectionKey::connectionId))
                .toList();
        return watermarks.lockShared(connection, connections).invoke(set::addDisconnects)
                .chain(() -> accounts.lock(connection, keys))
                .invoke(set::addStored)
                .chain(found -> users.withEmails(connection, linkEmails(fresh, found), LINK_CANDIDATES)
                        .invoke(set::addUsersWithEmail)
                        .chain(emails -> {
                            List<UUID> candidates = emails.values().stream().filter(ids -> ids.size() == 1)
                                    .map(ids -> ids.get(0)).distinct().toList();
                            List<UUID> userIds = Stream.concat(found.values().stream().map(AccountStore.Account::userId),
                                    candidates.stream()).distinct().toList();
                            return users.lockWithGrants(connection, userIds).invoke(set::addStored)
                                    .chain(() -> accounts.connectionsOf(connection, candidates))
                                    .invoke(set::addConnections);
                        }))
                .replaceWithVoid();
    }

    /** Emails of first sign-ins (no account yet) that vouch for their email: account linking may apply. */
    private static List<EmailKey> linkEmails(List<SignInEvent> fresh, Map<AccountKey, AccountStore.Account> found) {
        return fresh.stream()
                .filter(e -> e.outcome() == SignInEvent.Outcome.SUCCEEDED && e.jit() && !found.containsKey(SignInBatch.account(e)))
                .filter(e -> LinkPolicy.eligible(e.profile()))
                .map(e -> EmailKey.of(e.tenantId(), e.profile().email()))
                .distinct().toList();
    }

    /**
     * An email the batch has touched (created, linked or changed a user with it): what the batch did so
     * far is written, then the users with the email and the candidate's accounts are read again.
     */
    private Uni<Void> refresh(SqlConnection connection, WorkingSet set, EmailKey email) {
        return writer.write(connection, set.drain())
                .chain(() -> users.withEmails(connection, List.of(email), LINK_CANDIDATES))
                .invoke(set::addUsersWithEmail)
                .chain(found -> {
                    List<UUID> ids = found.get(email);
                    if (ids.size() != 1) {
                        return Uni.createFrom().voidItem();
                    }
                    Set<UUID> candidate = Set.of(ids.get(0));
                    Uni<Void> locked = set.hasUser(ids.get(0)) ? Uni.createFrom().voidItem()
                            : users.lockWithGrants(connection, candidate).invoke(set::addStored).replaceWithVoid();
                    return locked.chain(() -> accounts.connectionsOf(connection, candidate)).invoke(set::addConnections)
                            .replaceWithVoid();
                });
    }
}
