package io.jitsso.migration.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.crypto.Argon2id;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.events.MigrationEvent;
import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.contracts.profile.UserSchema;
import io.jitsso.migration.messaging.MigrationEventRelay;
import io.jitsso.migration.persistence.MigratedUserStore;
import io.jitsso.migration.persistence.Outbox;
import io.jitsso.migration.persistence.SourceRecord;
import io.jitsso.migration.source.CheckResult;
import io.jitsso.migration.source.CheckResult.Unavailable;
import io.jitsso.migration.source.SourceProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The first sign-in of a user not migrated yet (SPEC B2): the source is asked; on success the user is
 * stored with an argon2id hash of the password and the schema-mapped profile, and the sign-in event
 * (provisioning creates the user from it) and the {@code migrated} event enter the outbox in the same
 * transaction.
 */
@ApplicationScoped
class FirstSignIn {

    /** Logs under the sign-in's own category, the one these lines have always had. */
    private static final Logger LOG = Logger.getLogger(MigrationSignIn.class);

    private final SignInSources sources;
    private final SchemaService schemas;
    private final MigratedUserStore users;
    private final Outbox outbox;
    private final MigrationEventRelay relay;
    private final Pool pool;
    private final ObjectMapper json;
    private final FailureBookkeeping failures;
    private final SignInSessions sessions;

    FirstSignIn(SignInSources sources, SchemaService schemas, MigratedUserStore users, Outbox outbox,
            MigrationEventRelay relay, Pool pool, ObjectMapper json, FailureBookkeeping failures, SignInSessions sessions) {
        this.sources = sources;
        this.schemas = schemas;
        this.users = users;
        this.outbox = outbox;
        this.relay = relay;
        this.pool = pool;
        this.json = json;
        this.failures = failures;
        this.sessions = sessions;
    }

    /**
     * Not migrated yet: the source decides, once. The attempt's one argon2id computation starts
     * before the source is asked and runs beside it: the hash of the local password to keep when
     * the source accepts, the same work thrown away when it refuses or nobody can be asked. The
     * reply waits for it either way, so a refusal still costs what a local check costs; an
     * accepted sign-in no longer pays the hash after the source's answer.
     */
    Uni<SignInResult> signIn(SignInRun run) {
        run.checkRegistration();
        String localPassword = run.localPassword();
        String hashed = localPassword != null ? localPassword : run.attempt().presented();
        Uni<String> hashing = OffEventLoop.start(() -> Argon2id.hash(hashed));
        return sources.choose(run).chain(source -> {
            if (source.isEmpty()) {
                // nobody to ask (no source, or all retired): an unknown user, at the cost of a real check
                return hashing.chain(ignored -> failures.fail(run, null, null));
            }
            SourceRecord chosen = source.get();
            // the schema an accepted profile is mapped with is read while the source answers
            Uni<UserSchema> schema = started(schemas.schema(run.tenantId()));
            return sources.verify(run, chosen).chain(result -> afterSource(run, chosen, result, schema,
                    hashing.map(hash -> localPassword == null ? null : hash)));
        });
    }

    /** {@code localHash} gives the argon2id hash to keep (null without a local password) once it is computed. */
    private Uni<SignInResult> afterSource(SignInRun run, SourceRecord source, CheckResult result, Uni<UserSchema> schema,
            Uni<String> localHash) {
        if (result instanceof CheckResult.Verified verified) {
            return store(run, source, verified.profile(), schema, localHash);
        }
        return failures.unverified(run, source, result, localHash);
    }

    private Uni<SignInResult> store(SignInRun run, SourceRecord source, SourceProfile profile, Uni<UserSchema> userSchema,
            Uni<String> localHash) {
        if (profile.subject().length() > 255) {
            LOG.warnf("source %s returned a subject longer than 255 characters", source.id());
            return failures.unavailable(run, source.id(), Unavailable.MISCONFIGURED);
        }
        return userSchema.chain(schema -> {
            ProfileMapper.Result mapped = ProfileMapper.map(schema, source.attributeMapping(), profile);
            if (mapped instanceof ProfileMapper.Invalid invalid) {
                LOG.infof("source %s profile does not fit the user schema: %s", source.id(), invalid.problems());
                return failures.profileInvalid(run, source.id());
            }
            SignInEvent.Profile userProfile = ((ProfileMapper.Mapped) mapped).profile();
            return storeAndOpen(run, source, profile.subject(), userProfile, localHash);
        });
    }

    /**
     * Stores the user (once the hash is ready) and opens their session at the same time: the
     * session is opened for the id this sign-in is about to store, while the hash finishes, so
     * neither waits for the other. The store waits for the open's answer too (it comes well before
     * the hash): an app whose required roles refuse the sign-in (ADR-33) leaves no user behind. If the
     * user is not stored under that id (a concurrent first sign-in stored them first, or the
     * transaction failed), the early session, whose id has reached nobody, is revoked, and the stored
     * user's own session is opened.
     */
    private Uni<SignInResult> storeAndOpen(SignInRun run, SourceRecord source, String subject, SignInEvent.Profile profile,
            Uni<String> localHash) {
        UUID candidate = UUID.randomUUID();
        JsonObject storedProfile = toJson(profile);
        Uni<SignInResult> opened = started(sessions.open(run, candidate, source.id(), storedProfile, true));
        Uni<Void> notRefused = opened.onFailure(failure -> !(failure instanceof ApiException.Forbidden)).recoverWithNull()
                .replaceWithVoid();
        return notRefused.chain(() -> localHash)
                .chain(hash -> persist(run, source, subject, hash, profile, storedProfile, candidate))
                .onFailure().call(() -> sessions.discard(run, candidate, opened))
                .chain(stored -> stored.user().id().equals(candidate) ? opened
                        : sessions.discard(run, candidate, opened).chain(() -> sessions.open(run, stored.user().id(),
                                source.id(), stored.user().profile(), false)));
    }

    /** The user under {@code candidate}, or the one a concurrent first sign-in stored first. */
    private Uni<MigratedUserStore.Stored> persist(SignInRun run, SourceRecord source, String subject, String hash,
            SignInEvent.Profile profile, JsonObject storedProfile, UUID candidate) {
        Instant now = Instant.now();
        return pool.withTransaction(connection -> users.store(connection, run.tenantId(), candidate, source.id(), subject,
                                hash, storedProfile, now)
                        .call(stored -> users.addIdentifier(connection, run.tenantId(), run.identifier(), stored.user().id())
                                .invoke(added -> {
                                    if (!added) {
                                        throw new ApiException.Conflict(
                                                "this identifier already belongs to another migrated user");
                                    }
                                }))
                        .call(stored -> stored.created()
                                ? outbox.append(connection, signInEvent(run, source, subject, stored.user().id(), profile, now),
                                        migrationEvent(run, source, subject, stored.user().id(), now))
                                : Uni.createFrom().voidItem()))
                .invoke(stored -> {
                    if (stored.created()) {
                        relay.nudge();
                        LOG.infof("migrated user %s from source %s of tenant %s", stored.user().id(), source.id(),
                                run.tenantId());
                    }
                })
                .call(() -> failures.clear(run));
    }

    private static SignInEvent signInEvent(SignInRun run, SourceRecord source, String subject, UUID userId,
            SignInEvent.Profile profile, Instant now) {
        return new SignInEvent(SignInEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), SignInEvent.Outcome.SUCCEEDED,
                run.tenantId(), MigrationSignIn.connectionId(source.id()), MigrationSignIn.PROTOCOL, subject,
                userId.toString(), 1, true, profile, List.of(), run.amr(), null, now, null);
    }

    private static MigrationEvent migrationEvent(SignInRun run, SourceRecord source, String subject, UUID userId,
            Instant now) {
        return new MigrationEvent(MigrationEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), run.tenantId(),
                userId.toString(), source.id(), source.type(), subject, run.app().clientId(), now);
    }

    private JsonObject toJson(SignInEvent.Profile profile) {
        try {
            return new JsonObject(json.writeValueAsString(profile));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("profile not serializable", e);
        }
    }

    /** Subscribes now, so the work runs beside what the caller does next; the Uni gives its one outcome. */
    private static <T> Uni<T> started(Uni<T> work) {
        return Uni.createFrom().completionStage(work.subscribeAsCompletionStage());
    }
}
