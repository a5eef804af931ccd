package io.jitsso.migration.service;

import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.migration.service.MigrationSignIn.Attempt;
import java.util.HexFormat;
import java.util.List;

/**
 * One sign-in attempt's state, handed from step to step so each step reads as a named method: the
 * app that asks, what it presents, the identifier as stored and its digest (the key of its lockout and
 * rate limit), and what the first lookups found.
 */
final class SignInRun {

    private final AppPrincipal app;
    private final Attempt attempt;
    private final String identifier;
    private final byte[] digest;
    /** The tenant's journey for this kind of credential, if any (SPEC B4). */
    private Journey journey;
    /** Whether the identifier had failures recorded when the attempt started (else nothing to clear). */
    private boolean hadFailures = true;

    SignInRun(AppPrincipal app, Attempt attempt) {
        this.app = app;
        this.attempt = attempt;
        this.identifier = MigrationSignIn.normalize(attempt.identifier());
        this.digest = Secrets.sha256(app.tenantId() + "\n" + identifier);
    }

    AppPrincipal app() {
        return app;
    }

    String tenantId() {
        return app.tenantId();
    }

    Attempt attempt() {
        return attempt;
    }

    /** The identifier as stored and looked up: trimmed, lower case. */
    String identifier() {
        return identifier;
    }

    /** The identifier as the source is asked about it: trimmed, as typed otherwise. */
    String sourceIdentifier() {
        return attempt.identifier().trim();
    }

    byte[] digest() {
        return digest;
    }

    /** The rate limiter's key: the digest, so the limiter's memory never holds identifiers in clear. */
    String identifierKey() {
        return HexFormat.of().formatHex(digest);
    }

    Journey journey() {
        return journey;
    }

    void journey(Journey found) {
        journey = found;
    }

    boolean hadFailures() {
        return hadFailures;
    }

    void hadFailures(boolean recorded) {
        hadFailures = recorded;
    }

    /** The authentication methods (RFC 8176) the session and the sign-in event carry. */
    List<String> amr() {
        return attempt.byCode() ? MigrationSignIn.CODE_AMR : MigrationSignIn.PASSWORD_AMR;
    }

    /** What becomes the local password: a code proves the user but is no password, so then the new one, if registered. */
    String localPassword() {
        return attempt.byCode() ? attempt.newPassword() : attempt.password();
    }

    /** A journey whose password registration cannot be skipped refuses a code sign-in without one. */
    void checkRegistration() {
        if (attempt.byCode() && journey != null && journey.registerPassword() && !journey.registrationSkippable()
                && attempt.newPassword() == null) {
            throw ApiException.BadRequest.field("new_password", "the tenant's migration journey requires registering a password");
        }
    }
}
