package io.jitsso.migration.service;

import io.jitsso.contracts.crypto.Argon2id;
import io.jitsso.migration.persistence.MigratedUserStore;
import io.jitsso.migration.persistence.MigratedUserStore.LocalUser;
import io.jitsso.migration.persistence.SourceRecord;
import io.jitsso.migration.persistence.SourceStore;
import io.jitsso.migration.source.CheckResult;
import io.jitsso.migration.source.SourceType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sign-in of a user already migrated (SPEC B2): verified here with argon2id, and the source is
 * never asked again, save by a user migrated by one-time code who has no local password yet. Every
 * refusal costs one argon2id computation, as a first sign-in's does.
 */
@ApplicationScoped
class LocalSignIn {

    private final SourceStore sourceStore;
    private final MigratedUserStore users;
    private final SignInSources sources;
    private final FailureBookkeeping failures;
    private final SignInSessions sessions;

    LocalSignIn(SourceStore sourceStore, MigratedUserStore users, SignInSources sources, FailureBookkeeping failures,
            SignInSessions sessions) {
        this.sourceStore = sourceStore;
        this.users = users;
        this.sources = sources;
        this.failures = failures;
        this.sessions = sessions;
    }

    /** Already migrated: checked here; the source is not contacted. */
    Uni<SignInResult> signIn(SignInRun run, LocalUser user) {
        if (run.attempt().byCode()) {
            return byCode(run, user);
        }
        // a user without a local password (migrated by one-time code) still costs a full check
        return OffEventLoop.compute(() -> Argon2id.verify(
                        user.passwordHash() == null ? Argon2id.dummyHash() : user.passwordHash(), run.attempt().password())
                        && user.passwordHash() != null)
                .chain(valid -> valid ? signedIn(run, user) : failures.fail(run, user.sourceId(), SignInFailures.WRONG_PASSWORD));
    }

    /**
     * A code for a migrated user: only one without a local password (migrated by code, the new
     * password skipped) still proves themselves at their source, and may register a password now.
     * Anyone with a local password signs in with it.
     */
    private Uni<SignInResult> byCode(SignInRun run, LocalUser user) {
        if (user.passwordHash() != null) {
            return dummyCheck(run).chain(ignored -> failures.fail(run, user.sourceId(), SignInFailures.WRONG_PASSWORD));
        }
        run.checkRegistration();
        return sourceStore.find(run.tenantId(), user.sourceId()).chain(source -> {
            // a user of a source that sends no codes (migrated by redirect, say) is refused like any wrong code
            if (source.isEmpty() || !source.get().active()
                    || !SourceType.of(source.get().type()).map(SourceType::sendsCodes).orElse(false)) {
                return dummyCheck(run).chain(ignored -> failures.fail(run, user.sourceId(), SignInFailures.REJECTED_BY_SOURCE));
            }
            return sources.verify(run, source.get()).chain(result -> afterSource(run, user, source.get(), result));
        });
    }

    private Uni<SignInResult> afterSource(SignInRun run, LocalUser user, SourceRecord source, CheckResult result) {
        if (!(result instanceof CheckResult.Verified verified)) {
            return failures.unverified(run, source, result, dummyCheck(run));
        }
        if (!user.sourceSubject().equals(verified.profile().subject())) {
            // the source vouched for another of its accounts (an identifier that folds to this user's here, or one
            // the source has since given to someone else): a proof for that account is none for this user
            return failures.fail(run, user.sourceId(), SignInFailures.REJECTED_BY_SOURCE);
        }
        Uni<Void> registered = run.attempt().newPassword() == null ? Uni.createFrom().voidItem()
                : OffEventLoop.compute(() -> Argon2id.hash(run.attempt().newPassword()))
                        .chain(hash -> users.setPassword(run.tenantId(), user.id(), hash));
        return registered.chain(() -> signedIn(run, user));
    }

    /** Verified: the identifier's failures are forgotten and the user's session is opened. */
    private Uni<SignInResult> signedIn(SignInRun run, LocalUser user) {
        return failures.clear(run).chain(() -> sessions.open(run, user.id(), user.sourceId(), user.profile(), false));
    }

    /** A check against the dummy hash: what a refusal costs when nothing real is hashed. */
    private static Uni<String> dummyCheck(SignInRun run) {
        return OffEventLoop.compute(() -> Argon2id.verify(Argon2id.dummyHash(), run.attempt().presented())).replaceWith((String) null);
    }
}
