package io.jitsso.migration.service;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.migration.persistence.SourceRecord;
import io.jitsso.migration.persistence.SourceStore;
import io.jitsso.migration.source.CheckResult;
import io.jitsso.migration.source.OneTimeCode;
import io.jitsso.migration.source.PasswordCheck;
import io.jitsso.migration.source.SourceConnectors;
import io.jitsso.migration.source.SourceType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The legacy side of a migration sign-in: which of the tenant's sources is asked, and asking it (a
 * password checked, or a one-time code sent and verified).
 */
@ApplicationScoped
class SignInSources {

    private final SourceStore sourceStore;
    private final SourceService sources;
    private final SourceConnectors connectors;
    private final FailureBookkeeping failures;

    SignInSources(SourceStore sourceStore, SourceService sources, SourceConnectors connectors, FailureBookkeeping failures) {
        this.sourceStore = sourceStore;
        this.sources = sources;
        this.connectors = connectors;
        this.failures = failures;
    }

    /**
     * The named source, else the journey's, else the tenant's oldest active one that takes this kind
     * of credential.
     */
    Uni<Optional<SourceRecord>> choose(SignInRun run) {
        if (run.attempt().sourceId() == null && run.journey() != null) {
            return sourceStore.find(run.tenantId(), run.journey().sourceId()).map(found -> found.filter(SourceRecord::active));
        }
        if (run.attempt().sourceId() != null) {
            return sourceStore.find(run.tenantId(), run.attempt().sourceId()).map(found -> {
                if (found.isEmpty() || !fits(run, found.get())) {
                    throw ApiException.BadRequest.field("source_id", "the tenant has no "
                            + (run.attempt().byCode() ? "one-time-code" : "password") + " source with this id");
                }
                return found.filter(SourceRecord::active);
            });
        }
        return sourceStore.list(run.tenantId())
                .map(all -> all.stream().filter(source -> source.active() && fits(run, source)).findFirst());
    }

    private static boolean fits(SignInRun run, SourceRecord source) {
        return SourceType.of(source.type())
                .map(type -> run.attempt().byCode() ? type.sendsCodes() : type.checksPasswords()).orElse(false);
    }

    /** The source's verdict on the attempt's password or one-time code. */
    Uni<CheckResult> verify(SignInRun run, SourceRecord source) {
        if (run.attempt().byCode()) {
            return oneTimeCode(source).verifyCode(run.sourceIdentifier(), run.attempt().code());
        }
        return passwordCheck(source).checkPassword(run.sourceIdentifier(), run.attempt().password());
    }

    /** Has the chosen source, if any, send the user a code; an outage there counts for the source. */
    Uni<Void> sendCode(SignInRun run, Optional<SourceRecord> source) {
        if (source.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return oneTimeCode(source.get()).sendCode(run.sourceIdentifier())
                .chain(sent -> {
                    if (sent instanceof OneTimeCode.SendResult.Unavailable unavailable) {
                        return failures.<Void>unavailable(run, source.get().id(), unavailable.reason());
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    private OneTimeCode oneTimeCode(SourceRecord source) {
        return connectors.oneTimeCode(SourceType.of(source.type()).orElseThrow(), sources.settingsOf(source),
                sources.secretOf(source));
    }

    private PasswordCheck passwordCheck(SourceRecord source) {
        return connectors.passwordCheck(SourceType.of(source.type()).orElseThrow(), sources.settingsOf(source),
                sources.secretOf(source));
    }
}
