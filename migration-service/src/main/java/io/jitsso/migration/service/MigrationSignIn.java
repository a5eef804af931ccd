package io.jitsso.migration.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.events.MigrationEvent;
import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.migration.client.SessionServiceClient;
import io.jitsso.migration.config.MigrationConfig;
import io.jitsso.contracts.crypto.Argon2id;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.migration.error.ApiException;
import io.jitsso.migration.messaging.MigrationEventRelay;
import io.jitsso.migration.persistence.FailureStore;
import io.jitsso.migration.persistence.MigratedUserStore;
import io.jitsso.migration.persistence.MigratedUserStore.LocalUser;
import io.jitsso.migration.persistence.Outbox;
import io.jitsso.migration.persistence.SourceRecord;
import io.jitsso.migration.persistence.SourceStore;
import io.jitsso.migration.source.CheckResult;
import io.jitsso.migration.source.OneTimeCode;
import io.jitsso.migration.source.SourceConnectors;
import io.jitsso.migration.source.SourceProfile;
import io.jitsso.migration.source.SourceType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

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
 */
@ApplicationScoped
public class MigrationSignIn {

    private static final Logger LOG = Logger.getLogger(MigrationSignIn.class);
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
    private final FailureStore failures;
    private final SourceStore sourceStore;
    private final SourceService sources;
    private final SchemaService schemas;
    private final JourneyService journeys;
    private final SourceConnectors connectors;
    private final SessionServiceClient sessionService;
    private final Outbox outbox;
    private final MigrationEventRelay relay;
    private final Pool pool;
    private final ObjectMapper json;
    private final MigrationConfig.SignIn config;

    MigrationSignIn(AppAuthenticator apps, SignInLimits limits, MigratedUserStore users, FailureStore failures,
            SourceStore sourceStore, SourceService sources, SchemaService schemas, JourneyService journeys,
            SourceConnectors connectors,
            SessionServiceClient sessionService, Outbox outbox, MigrationEventRelay relay, Pool pool, ObjectMapper json,
            MigrationConfig config) {
        this.apps = apps;
        this.limits = limits;
        this.users = users;
        this.failures = failures;
        this.sourceStore = sourceStore;
        this.sources = sources;
        this.schemas = schemas;
        this.journeys = journeys;
        this.connectors = connectors;
        this.sessionService = sessionService;
        this.outbox = outbox;
        this.relay = relay;
        this.pool = pool;
        this.json = json;
        this.config = config.signIn();
    }

    /** The identifier as stored and looked up: trimmed, lower case. */
    static String normalize(String identifier) {
        return identifier.trim().toLowerCase(Locale.ROOT);
    }

    public Uni<SignInResult> signIn(String tenantId, String authorization, Attempt attempt) {
        return apps.authenticate(tenantId, authorization)
                .invoke(limits::checkClient)
                .chain(app -> new Run(app, attempt).start());
    }

    /**
     * Asks the tenant's one-time-code source to send the user a code. The app learns only whether the
     * source could be asked: known and unknown identifiers get the same answer.
     */
    public Uni<Void> sendCode(String tenantId, String authorization, String identifier, String sourceId) {
        return apps.authenticate(tenantId, authorization)
                .invoke(limits::checkClient)
                .chain(app -> new Run(app, Attempt.code(identifier, "", null, sourceId)).sendCode());
    }

    /** One sign-in attempt's state, so each step reads as a named method. */
    private final class Run {
        private final AppPrincipal app;
        private final Attempt attempt;
        private final String identifier;
        private final byte[] digest;
        /** The tenant's journey for this kind of credential, if any (SPEC B4). */
        private Journey journey;
        /** Whether the identifier had failures recorded when the attempt started (else nothing to clear). */
        private boolean hadFailures = true;

        Run(AppPrincipal app, Attempt attempt) {
            this.app = app;
            this.attempt = attempt;
            this.identifier = normalize(attempt.identifier());
            this.digest = Secrets.sha256(app.tenantId() + "\n" + identifier);
        }

        /** The lockout state, the journey and the user are read at once: three independent lookups, one wait. */
        Uni<SignInResult> start() {
            limits.checkIdentifier(app.tenantId(), HexFormat.of().formatHex(digest));
            return Uni.combine().all().unis(failures.state(app.tenantId(), digest, Instant.now()), loadJourney(),
                            users.findByIdentifier(app.tenantId(), identifier)).asTuple()
                    .chain(found -> {
                        if (found.getItem1().lockedUntil().isPresent()) {
                            throw locked(found.getItem1().lockedUntil().get());
                        }
                        hadFailures = found.getItem1().recorded();
                        return found.getItem3().isPresent() ? local(found.getItem3().get()) : migrate();
                    });
        }

        Uni<Void> sendCode() {
            limits.checkIdentifier(app.tenantId(), HexFormat.of().formatHex(digest));
            return failures.state(app.tenantId(), digest, Instant.now())
                    .chain(state -> {
                        if (state.lockedUntil().isPresent()) {
                            throw locked(state.lockedUntil().get());
                        }
                        return loadJourney();
                    })
                    .chain(this::chooseSource)
                    .chain(source -> {
                        if (source.isEmpty()) {
                            return Uni.createFrom().voidItem();
                        }
                        return connectors.oneTimeCode(SourceType.of(source.get().type()).orElseThrow(),
                                        sources.settingsOf(source.get()), sources.secretOf(source.get()))
                                .sendCode(attempt.identifier().trim())
                                .chain(sent -> {
                                    if (sent instanceof OneTimeCode.SendResult.Unavailable unavailable) {
                                        return failures.count(app.tenantId(), source.get().id(), unavailable.reason(), Instant.now())
                                                .chain(() -> Uni.createFrom().failure(unavailable()));
                                    }
                                    return Uni.createFrom().voidItem();
                                });
                    });
        }

        private Uni<Void> loadJourney() {
            return journeys.forCredential(app.tenantId(), attempt.byCode() ? Journey.CODE : Journey.PASSWORD)
                    .invoke(found -> journey = found.orElse(null))
                    .replaceWithVoid();
        }

        /** A journey whose password registration cannot be skipped refuses a code sign-in without one. */
        private void checkRegistration() {
            if (attempt.byCode() && journey != null && journey.registerPassword() && !journey.registrationSkippable()
                    && attempt.newPassword() == null) {
                throw ApiException.BadRequest.field("new_password", "the tenant's migration journey requires registering a password");
            }
        }

        /** Already migrated: checked here; the source is not contacted. */
        private Uni<SignInResult> local(LocalUser user) {
            if (attempt.byCode()) {
                return localByCode(user);
            }
            // a user without a local password (migrated by one-time code) still costs a full check
            return OffEventLoop.compute(() -> Argon2id.verify(
                            user.passwordHash() == null ? Argon2id.dummyHash() : user.passwordHash(), attempt.password())
                            && user.passwordHash() != null)
                    .chain(valid -> valid
                            ? clearFailures().chain(() -> openSession(user.id(), user.sourceId(), user.profile(), false))
                            : fail(user.sourceId(), SignInFailures.WRONG_PASSWORD));
        }

        /**
         * A code for a migrated user: only one without a local password (migrated by code, the new
         * password skipped) still proves themselves at their source, and may register a password now.
         * Anyone with a local password signs in with it.
         */
        private Uni<SignInResult> localByCode(LocalUser user) {
            if (user.passwordHash() != null) {
                return dummyCheck().chain(ignored -> fail(user.sourceId(), SignInFailures.WRONG_PASSWORD));
            }
            checkRegistration();
            return sourceStore.find(app.tenantId(), user.sourceId()).chain(source -> {
                if (source.isEmpty() || !source.get().active()) {
                    return dummyCheck().chain(ignored -> fail(user.sourceId(), SignInFailures.REJECTED_BY_SOURCE));
                }
                return verifyAtSource(source.get()).chain(result -> {
                    if (!(result instanceof CheckResult.Verified)) {
                        return afterSource(source.get(), result, schemas.schema(app.tenantId()), dummyCheck());
                    }
                    Uni<Void> registered = attempt.newPassword() == null ? Uni.createFrom().voidItem()
                            : OffEventLoop.compute(() -> Argon2id.hash(attempt.newPassword()))
                                    .chain(hash -> users.setPassword(app.tenantId(), user.id(), hash));
                    return registered.chain(() -> clearFailures())
                            .chain(() -> openSession(user.id(), user.sourceId(), user.profile(), false));
                });
            });
        }

        /** A check against the dummy hash: what a refusal costs when nothing real is hashed. */
        private Uni<String> dummyCheck() {
            return OffEventLoop.compute(() -> Argon2id.verify(Argon2id.dummyHash(), attempt.presented())).replaceWith((String) null);
        }

        private Uni<CheckResult> verifyAtSource(SourceRecord source) {
            SourceType type = SourceType.of(source.type()).orElseThrow();
            if (attempt.byCode()) {
                return connectors.oneTimeCode(type, sources.settingsOf(source), sources.secretOf(source))
                        .verifyCode(attempt.identifier().trim(), attempt.code());
            }
            return connectors.passwordCheck(type, sources.settingsOf(source), sources.secretOf(source))
                    .checkPassword(attempt.identifier().trim(), attempt.password());
        }

        /**
         * Not migrated yet: the source decides, once. The attempt's one argon2id computation starts
         * before the source is asked and runs beside it: the hash of the local password to keep when
         * the source accepts, the same work thrown away when it refuses or nobody can be asked. The
         * reply waits for it either way, so a refusal still costs what a local check costs; an
         * accepted sign-in no longer pays the hash after the source's answer.
         */
        private Uni<SignInResult> migrate() {
            checkRegistration();
            String localPassword = localPassword();
            String hashed = localPassword != null ? localPassword : attempt.presented();
            Uni<String> hashing = OffEventLoop.start(() -> Argon2id.hash(hashed));
            return chooseSource().chain(source -> {
                if (source.isEmpty()) {
                    // nobody to ask (no source, or all retired): an unknown user, at the cost of a real check
                    return hashing.chain(ignored -> fail(null, null));
                }
                SourceRecord chosen = source.get();
                // the schema an accepted profile is mapped with is read while the source answers
                Uni<UserSchema> schema = started(schemas.schema(app.tenantId()));
                return verifyAtSource(chosen).chain(result -> afterSource(chosen, result, schema,
                        hashing.map(hash -> localPassword == null ? null : hash)));
            });
        }

        /** What becomes the local password: a code proves the user but is no password, so then the new one, if registered. */
        private String localPassword() {
            return attempt.byCode() ? attempt.newPassword() : attempt.password();
        }

        /**
         * The named source, else the journey's, else the tenant's oldest active one that takes this kind
         * of credential.
         */
        private Uni<Optional<SourceRecord>> chooseSource() {
            if (attempt.sourceId() == null && journey != null) {
                return sourceStore.find(app.tenantId(), journey.sourceId()).map(found -> found.filter(SourceRecord::active));
            }
            if (attempt.sourceId() != null) {
                return sourceStore.find(app.tenantId(), attempt.sourceId()).map(found -> {
                    if (found.isEmpty() || !fits(found.get())) {
                        throw ApiException.BadRequest.field("source_id", "the tenant has no "
                                + (attempt.byCode() ? "one-time-code" : "password") + " source with this id");
                    }
                    return found.filter(SourceRecord::active);
                });
            }
            return sourceStore.list(app.tenantId())
                    .map(all -> all.stream().filter(source -> source.active() && fits(source)).findFirst());
        }

        private boolean fits(SourceRecord source) {
            return SourceType.of(source.type())
                    .map(type -> attempt.byCode() ? type.sendsCodes() : type.checksPasswords()).orElse(false);
        }

        /** {@code localHash} gives the argon2id hash to keep (null without a local password) once it is computed. */
        private Uni<SignInResult> afterSource(SourceRecord source, CheckResult result, Uni<UserSchema> schema,
                Uni<String> localHash) {
            if (result instanceof CheckResult.Verified verified) {
                return store(source, verified.profile(), schema, localHash);
            }
            if (result instanceof CheckResult.Unavailable unavailable) {
                return failures.count(app.tenantId(), source.id(), unavailable.reason(), Instant.now())
                        .chain(() -> Uni.createFrom().failure(unavailable()));
            }
            // rejected: the same cost as a local check before the same reply
            return localHash.chain(ignored -> fail(source.id(), SignInFailures.REJECTED_BY_SOURCE));
        }

        private Uni<SignInResult> store(SourceRecord source, SourceProfile profile, Uni<UserSchema> userSchema,
                Uni<String> localHash) {
            if (profile.subject().length() > 255) {
                LOG.warnf("source %s returned a subject longer than 255 characters", source.id());
                return failures.count(app.tenantId(), source.id(), CheckResult.Unavailable.MISCONFIGURED, Instant.now())
                        .chain(() -> Uni.createFrom().failure(unavailable()));
            }
            return userSchema.chain(schema -> {
                ProfileMapper.Result mapped = ProfileMapper.map(schema, source.attributeMapping(), profile);
                if (mapped instanceof ProfileMapper.Invalid invalid) {
                    LOG.infof("source %s profile does not fit the user schema: %s", source.id(), invalid.problems());
                    return failures.count(app.tenantId(), source.id(), SignInFailures.PROFILE_INVALID, Instant.now())
                            .chain(() -> Uni.createFrom().failure(new ApiException.Unprocessable(
                                    "the account cannot be migrated: its profile at the source lacks required attributes")));
                }
                SignInEvent.Profile userProfile = ((ProfileMapper.Mapped) mapped).profile();
                return storeAndOpen(source, profile.subject(), userProfile, localHash);
            });
        }

        /**
         * Stores the user (once the hash is ready) and opens their session at the same time: the
         * session is opened for the id this sign-in is about to store, while the hash finishes and the
         * transaction commits, so neither waits for the other. If the user is not stored under that id
         * (a concurrent first sign-in stored them first, or the transaction failed), the early session,
         * whose id has reached nobody, is revoked, and the stored user's own session is opened.
         */
        private Uni<SignInResult> storeAndOpen(SourceRecord source, String subject, SignInEvent.Profile profile,
                Uni<String> localHash) {
            UUID candidate = UUID.randomUUID();
            JsonObject storedProfile = toJson(profile);
            Uni<SignInResult> opened = started(openSession(candidate, source.id(), storedProfile, true));
            return localHash.chain(hash -> persist(source, subject, hash, profile, storedProfile, candidate))
                    .onFailure().call(() -> discard(candidate, opened))
                    .chain(stored -> stored.user().id().equals(candidate) ? opened
                            : discard(candidate, opened).chain(() -> openSession(stored.user().id(), source.id(),
                                    stored.user().profile(), false)));
        }

        /** Ends what an early session open left for a user that was not stored under {@code candidate}. */
        private Uni<Void> discard(UUID candidate, Uni<SignInResult> opened) {
            return opened.onFailure().recoverWithNull()
                    .chain(() -> sessionService.revokeSubject(app.tenantId(), candidate.toString(), "migration_not_stored"));
        }

        /** The user under {@code candidate}, or the one a concurrent first sign-in stored first. */
        private Uni<MigratedUserStore.Stored> persist(SourceRecord source, String subject, String hash,
                SignInEvent.Profile profile, JsonObject storedProfile, UUID candidate) {
            Instant now = Instant.now();
            return pool.withTransaction(connection -> users.store(connection, app.tenantId(), candidate, source.id(), subject,
                                    hash, storedProfile, now)
                            .call(stored -> users.addIdentifier(connection, app.tenantId(), identifier, stored.user().id())
                                    .invoke(added -> {
                                        if (!added) {
                                            throw new ApiException.Conflict(
                                                    "this identifier already belongs to another migrated user");
                                        }
                                    }))
                            .call(stored -> stored.created()
                                    ? outbox.append(connection, signInEvent(source, subject, stored.user().id(), profile, now),
                                            migrationEvent(source, subject, stored.user().id(), now))
                                    : Uni.createFrom().voidItem()))
                    .invoke(stored -> {
                        if (stored.created()) {
                            relay.nudge();
                            LOG.infof("migrated user %s from source %s of tenant %s", stored.user().id(), source.id(),
                                    app.tenantId());
                        }
                    })
                    .call(() -> clearFailures());
        }

        private Uni<SignInResult> openSession(UUID userId, String sourceId, JsonObject profile, boolean migrated) {
            return sessionService.openWithTokens(new SessionServiceClient.OpenSessionForApp(app.tenantId(), userId.toString(),
                            attempt.byCode() ? CODE_AMR : PASSWORD_AMR, connectionId(sourceId), claims(profile), app.clientId()))
                    .map(signedIn -> new SignInResult(signedIn.sessionId(), userId, signedIn.tokens(), migrated));
        }

        /** A successful sign-in forgets the identifier's failures; without any, no statement is spent. */
        private Uni<Void> clearFailures() {
            return hadFailures ? failures.clear(app.tenantId(), digest) : Uni.createFrom().voidItem();
        }

        /** Counts the failure (lockout and progress) and answers with the one generic reply. */
        private Uni<SignInResult> fail(String sourceId, String reason) {
            Instant now = Instant.now();
            Uni<Void> counted = sourceId == null ? Uni.createFrom().voidItem()
                    : failures.count(app.tenantId(), sourceId, reason, now);
            return counted
                    .chain(() -> failures.recordFailure(app.tenantId(), digest, now, config.maxFailures(),
                            config.failureWindow(), config.lockoutDuration()))
                    .chain(lockedNow -> {
                        if (lockedNow.isPresent() && sourceId != null) {
                            return failures.count(app.tenantId(), sourceId, SignInFailures.LOCKED_OUT, now).replaceWith(lockedNow);
                        }
                        return Uni.createFrom().item(lockedNow);
                    })
                    .chain(ignored -> Uni.createFrom().failure(new ApiException.SignInFailed()));
        }

        private ApiException unavailable() {
            return new ApiException.ServiceUnavailable("sign-in is temporarily unavailable; try again in a moment");
        }

        private ApiException locked(Instant until) {
            long seconds = Math.max(1, until.getEpochSecond() - Instant.now().getEpochSecond());
            return new ApiException.TooManyRequests("too many failed sign-ins for this user; retry later", seconds);
        }

        private SignInEvent signInEvent(SourceRecord source, String subject, UUID userId, SignInEvent.Profile profile,
                Instant now) {
            return new SignInEvent(SignInEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), SignInEvent.Outcome.SUCCEEDED,
                    app.tenantId(), connectionId(source.id()), PROTOCOL, subject, userId.toString(), 1, true, profile,
                    List.of(), attempt.byCode() ? CODE_AMR : PASSWORD_AMR, null, now);
        }

        private MigrationEvent migrationEvent(SourceRecord source, String subject, UUID userId, Instant now) {
            return new MigrationEvent(MigrationEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), app.tenantId(),
                    userId.toString(), source.id(), source.type(), subject, app.clientId(), now);
        }
    }

    /** Subscribes now, so the work runs beside what the caller does next; the Uni gives its one outcome. */
    private static <T> Uni<T> started(Uni<T> work) {
        return Uni.createFrom().completionStage(work.subscribeAsCompletionStage());
    }

    /** The connection id sessions and sign-in events of a source's users carry. */
    static String connectionId(String sourceId) {
        return "migration-" + sourceId;
    }

    private JsonObject toJson(SignInEvent.Profile profile) {
        try {
            return new JsonObject(json.writeValueAsString(profile));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("profile not serializable", e);
        }
    }

    /** The user's profile as ID-token claims (OIDC standard names; custom attributes by their own names). */
    static Map<String, Object> claims(JsonObject profile) {
        Map<String, Object> claims = new LinkedHashMap<>();
        copy(profile, "email", claims, "email");
        copy(profile, "email_verified", claims, "email_verified");
        copy(profile, "given_name", claims, "given_name");
        copy(profile, "family_name", claims, "family_name");
        copy(profile, "display_name", claims, "name");
        JsonObject custom = profile.getJsonObject("custom");
        if (custom != null) {
            custom.forEach(entry -> claims.put(entry.getKey(), entry.getValue()));
        }
        return claims;
    }

    private static void copy(JsonObject from, String name, Map<String, Object> to, String claim) {
        Object value = from.getValue(name);
        if (value != null) {
            to.put(claim, value);
        }
    }
}
