package io.jitsso.migration.service;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.migration.config.MigrationConfig;
import io.jitsso.migration.persistence.FailureStore;
import io.jitsso.migration.persistence.SourceRecord;
import io.jitsso.migration.source.CheckResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * What a migration sign-in's failures leave behind: the identifier's lockout (too many failures in
 * the window lock it for a while) and the source's failure counts the progress API reports (SPEC B5).
 * Unknown identifiers and wrong credentials end in the one generic reply; an outage at the source in
 * "try again later".
 */
@ApplicationScoped
class FailureBookkeeping {

    private final FailureStore failures;
    private final MigrationConfig.SignIn config;

    FailureBookkeeping(FailureStore failures, MigrationConfig config) {
        this.failures = failures;
        this.config = config.signIn();
    }

    /** The identifier's lockout state as the attempt starts. */
    Uni<FailureStore.State> state(SignInRun run) {
        return failures.state(run.tenantId(), run.digest(), Instant.now());
    }

    /** A locked identifier is refused before anything is checked, with the seconds left to wait. */
    void checkUnlocked(FailureStore.State state) {
        if (state.lockedUntil().isPresent()) {
            throw locked(state.lockedUntil().get());
        }
    }

    /** A successful sign-in forgets the identifier's failures; without any, no statement is spent. */
    Uni<Void> clear(SignInRun run) {
        return run.hadFailures() ? failures.clear(run.tenantId(), run.digest()) : Uni.createFrom().voidItem();
    }

    /** Counts the failure (lockout and progress) and answers with the one generic reply. */
    Uni<SignInResult> fail(SignInRun run, String sourceId, String reason) {
        Instant now = Instant.now();
        Uni<Void> counted = sourceId == null ? Uni.createFrom().voidItem()
                : failures.count(run.tenantId(), sourceId, reason, now);
        return counted
                .chain(() -> failures.recordFailure(run.tenantId(), run.digest(), now, config.maxFailures(),
                        config.failureWindow(), config.lockoutDuration()))
                .chain(lockedNow -> {
                    if (lockedNow.isPresent() && sourceId != null) {
                        return failures.count(run.tenantId(), sourceId, SignInFailures.LOCKED_OUT, now).replaceWith(lockedNow);
                    }
                    return Uni.createFrom().item(lockedNow);
                })
                .chain(ignored -> Uni.createFrom().failure(new ApiException.SignInFailed()));
    }

    /**
     * A source's answer that verified nobody. An outage counts for the source and asks to try again;
     * a refusal waits for {@code cost}, the same cost as a local check, before the same reply.
     */
    Uni<SignInResult> unverified(SignInRun run, SourceRecord source, CheckResult result, Uni<String> cost) {
        if (result instanceof CheckResult.Unavailable unavailable) {
            return unavailable(run, source.id(), unavailable.reason());
        }
        return cost.chain(ignored -> fail(run, source.id(), SignInFailures.REJECTED_BY_SOURCE));
    }

    /** Counts a source that could not be used ({@code reason}) in its progress figures, then asks to try again. */
    <T> Uni<T> unavailable(SignInRun run, String sourceId, String reason) {
        return failures.count(run.tenantId(), sourceId, reason, Instant.now())
                .chain(() -> Uni.createFrom().failure(
                        new ApiException.ServiceUnavailable("sign-in is temporarily unavailable; try again in a moment")));
    }

    /** Counts a profile the tenant's user schema refuses, then says the account cannot be migrated. */
    <T> Uni<T> profileInvalid(SignInRun run, String sourceId) {
        return failures.count(run.tenantId(), sourceId, SignInFailures.PROFILE_INVALID, Instant.now())
                .chain(() -> Uni.createFrom().failure(new ApiException.Unprocessable(
                        "the account cannot be migrated: its profile at the source lacks required attributes")));
    }

    private static ApiException locked(Instant until) {
        long seconds = Math.max(1, until.getEpochSecond() - Instant.now().getEpochSecond());
        return new ApiException.TooManyRequests("too many failed sign-ins for this user; retry later", seconds);
    }
}
