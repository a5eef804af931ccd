package io.jitsso.migration.service;

import io.jitsso.migration.persistence.FailureStore;
import io.jitsso.migration.persistence.MigratedUserStore;
import io.jitsso.migration.persistence.MigratedUserStore.LocalUser;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Migration sign-in (SPEC B2). A migrated user is verified locally (argon2id) and the source is never
 * asked again. Anyone else is checked at the source; on success the user is stored with an argon2id
 * hash of the password and the schema-mapped profile, and the sign-in event (provisioning creates
 * the user from it) and the {@code migrated} event enter the outbox in the same transaction. Either
 * way a session is opened through session-service and the app receives its tokens.
 *
 * <p>Unknown identifiers and wrong passwords get one reply, and both cost one argon2id computation
 * (a dummy hash when nothing real is checked), so neither the answer nor its timing class tells them
 * apart. Failures count towards the identifier's lockout and the source's progress figures.
 *
 * <p>The steps live beside this entry point: {@link LocalSignIn} for migrated users, {@link FirstSignIn}
 * for the rest, {@link SignInSources} for the source asked, {@link FailureBookkeeping} for lockout and
 * progress counts, {@link SignInSessions} for the session and tokens of the reply.
 */
@ApplicationScoped
public class MigrationSignIn {

    static final String PROTOCOL = "migration";
    static final List<String> PASSWORD_AMR = List.of("pwd");
    /** RFC 8176: a one-time password. */
    static final List<String> CODE_AMR = List.of("otp");

    /**
     * A sign-in as the app submits it: a password, or a one-time code the source sent (then
     * {@code newPassword}, optional, becomes the user's local password: the new authenticator registered
     * during migration). Credentials never appear in {@code toString}.
     */
    public record Attempt(String identifier, String password, String code, String newPassword, String sourceId) {

        public static Attempt password(String identifier, String password, String sourceId) {
            return new Attempt(identifier, password, null, null, sourceId);
        }

        public static Attempt code(String identifier, String code, String newPassword, String sourceId) {
            return new Attempt(identifier, null, code, newPassword, sourceId);
        }

        boolean byCode() {
            return code != null;
        }

        /** What is hashed when nothing real is checked: something of the attempt's own length. */
        String presented() {
            return byCode() ? code : password;
        }

        @Override
        public String toString() {
            return "Attempt[redacted]";
        }
    }

    private final AppAuthenticator apps;
    private final SignInLimits limits;
    private final MigratedUserStore users;
    private final JourneyService journeys;
    private final FailureBookkeeping failures;
    private final SignInSources sources;
    private final LocalSignIn local;
    private final FirstSignIn first;

    MigrationSignIn(AppAuthenticator apps, SignInLimits limits, MigratedUserStore users, JourneyService journeys,
            FailureBookkeeping failures, SignInSources sources, LocalSignIn local, FirstSignIn first) {
        this.apps = apps;
        this.limits = limits;
        this.users = users;
        this.journeys = journeys;
        this.failures = failures;
        this.sources = sources;
        this.local = local;
        this.first = first;
    }

    /** The identifier as stored and looked up: trimmed, lower case. */
    static String normalize(String identifier) {
        return identifier.trim().toLowerCase(Locale.ROOT);
    }

    /** The connection id sessions and sign-in events of a source's users carry. */
    static String connectionId(String sourceId) {
        return "migration-" + sourceId;
    }

    public Uni<SignInResult> signIn(String tenantId, String authorization, Attempt attempt) {
        return apps.authenticate(tenantId, authorization)
                .invoke(limits::checkClient)
                .chain(app -> start(new SignInRun(app, attempt)));
    }

    /**
     * Asks the tenant's one-time-code source to send the user a code. The app learns only whether the
     * source could be asked: known and unknown identifiers get the same answer.
     */
    public Uni<Void> sendCode(String tenantId, String authorization, String identifier, String sourceId) {
        return apps.authenticate(tenantId, authorization)
                .invoke(limits::checkClient)
                .chain(app -> sendCode(new SignInRun(app, Attempt.code(identifier, "", null, sourceId))));
    }

    /** The lockout state, the journey and the user are read at once: three independent lookups, one wait. */
    private Uni<SignInResult> start(SignInRun run) {
        limits.checkIdentifier(run.tenantId(), run.identifierKey());
        return Uni.combine().all().unis(failures.state(run), loadJourney(run),
                        users.findByIdentifier(run.tenantId(), run.identifier())).asTuple()
                .chain(found -> proceed(run, found.getItem1(), found.getItem3()));
    }

    /** Past the lockout: a migrated user is checked locally, anyone else at a source. */
    private Uni<SignInResult> proceed(SignInRun run, FailureStore.State state, Optional<LocalUser> user) {
        failures.checkUnlocked(state);
        run.hadFailures(state.recorded());
        return user.isPresent() ? local.signIn(run, user.get()) : first.signIn(run);
    }

    private Uni<Void> sendCode(SignInRun run) {
        limits.checkIdentifier(run.tenantId(), run.identifierKey());
        return failures.state(run)
                .invoke(failures::checkUnlocked)
                .chain(() -> loadJourney(run))
                .chain(() -> sources.choose(run))
                .chain(source -> sources.sendCode(run, source));
    }

    private Uni<Void> loadJourney(SignInRun run) {
        return journeys.forCredential(run.tenantId(), run.attempt().byCode() ? Journey.CODE : Journey.PASSWORD)
                .invoke(found -> run.journey(found.orElse(null)))
                .replaceWithVoid();
    }
}
