package io.jitsso.migration.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.events.MigrationEvent;
import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.migration.messaging.MigrationEventRelay;
import io.jitsso.migration.persistence.FailureStore;
import io.jitsso.migration.persistence.MigratedUserStore;
import io.jitsso.migration.persistence.Outbox;
import io.jitsso.migration.persistence.SourceRecord;
import io.jitsso.migration.source.SourceProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Redirect migration (SPEC B1, the redirect connector): the gateway verified the user at the legacy
 * IdP through one of its connections and hands over the normalized identity. The tenant's redirect
 * source naming that connection maps it with the user schema, and the user is stored once per
 * (source, subject), with the same two events as a password migration. The gateway then opens the
 * session and finishes the app's code flow. A user migrated this way has no local password.
 */
@ApplicationScoped
public class RedirectMigration {

    private static final Logger LOG = Logger.getLogger(RedirectMigration.class);

    /** What the gateway verified: the upstream subject, the normalized profile, the upstream's amr. */
    /** {@code clientAddress}: the browser's address as the gateway saw it (ADR-29), for the sign-in event; may be null. */
    public record Handoff(String connectionId, String subject, String clientId, ObjectNode profile, List<String> amr,
            String clientAddress) {
        @Override
        public String toString() {
            return "Handoff[" + connectionId + "]";
        }
    }

    /** The migrated user as the gateway needs it for the session: id, the session's connection, ID-token claims. */
    public record Migrated(UUID userId, String sourceId, String connectionId, boolean created, Map<String, Object> claims) {
    }

    private final RedirectSources sources;
    private final SchemaService schemas;
    private final MigratedUserStore users;
    private final FailureStore failures;
    private final Outbox outbox;
    private final MigrationEventRelay relay;
    private final Pool pool;
    private final ObjectMapper json;

    RedirectMigration(RedirectSources sources, SchemaService schemas, MigratedUserStore users, FailureStore failures,
            Outbox outbox, MigrationEventRelay relay, Pool pool, ObjectMapper json) {
        this.sources = sources;
        this.schemas = schemas;
        this.users = users;
        this.failures = failures;
        this.outbox = outbox;
        this.relay = relay;
        this.pool = pool;
        this.json = json;
    }

    public Uni<Migrated> migrate(String tenantId, Handoff handoff) {
        return sources.findByConnection(tenantId, handoff.connectionId())
                .map(found -> found.orElseThrow(() -> new ApiException.NotFound(
                        "no migration source of the tenant names this connection")))
                .invoke(source -> {
                    if (!source.active()) {
                        throw new ApiException.Conflict("the migration source of this connection was retired");
                    }
                })
                .chain(source -> map(tenantId, source, handoff)
                        .chain(profile -> persist(tenantId, source, handoff, profile)));
    }

    private Uni<SignInEvent.Profile> map(String tenantId, SourceRecord source, Handoff handoff) {
        return schemas.schema(tenantId).chain(schema -> {
            ProfileMapper.Result mapped = ProfileMapper.map(schema, source.attributeMapping(),
                    new SourceProfile(handoff.subject(), handoff.profile()));
            if (mapped instanceof ProfileMapper.Invalid invalid) {
                LOG.infof("source %s profile does not fit the user schema: %s", source.id(), invalid.problems());
                return failures.count(tenantId, source.id(), SignInFailures.PROFILE_INVALID, Instant.now())
                        .chain(() -> Uni.createFrom().failure(new ApiException.Unprocessable(
                                "the account cannot be migrated: its profile at the source lacks required attributes")));
            }
            return Uni.createFrom().item(((ProfileMapper.Mapped) mapped).profile());
        });
    }

    /**
     * Stores the user, or finds the one an earlier (or racing) redirect migration stored: the unique
     * (tenant, source, subject) key makes it one user. The email, when the upstream vouches for it and no
     * other user holds it, becomes the user's identifier for a password registered later.
     */
    private Uni<Migrated> persist(String tenantId, SourceRecord source, Handoff handoff, SignInEvent.Profile profile) {
        Instant now = Instant.now();
        JsonObject storedProfile = toJson(profile);
        return pool.withTransaction(connection -> users.store(connection, tenantId, UUID.randomUUID(), source.id(),
                                handoff.subject(), null, storedProfile, now)
                        // only an email the upstream vouches for: anyone can put someone else's address on their
                        // own legacy account, and the identifier would then send that person's password sign-ins here
                        .call(stored -> profile.email() == null || !Boolean.TRUE.equals(profile.emailVerified())
                                || !stored.created() ? Uni.createFrom().voidItem()
                                : users.addIdentifier(connection, tenantId, MigrationSignIn.normalize(profile.email()),
                                        stored.user().id()).replaceWithVoid())
                        .call(stored -> stored.created()
                                ? outbox.append(connection, signInEvent(tenantId, source, handoff, stored.user().id(), profile, now),
                                        new MigrationEvent(MigrationEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), tenantId,
                                                stored.user().id().toString(), source.id(), source.type(), handoff.subject(),
                                                handoff.clientId(), now))
                                : Uni.createFrom().voidItem()))
                .invoke(stored -> {
                    if (stored.created()) {
                        relay.nudge();
                        LOG.infof("migrated user %s through connection %s (source %s) of tenant %s", stored.user().id(),
                                handoff.connectionId(), source.id(), tenantId);
                    }
                })
                .map(stored -> new Migrated(stored.user().id(), source.id(), MigrationSignIn.connectionId(source.id()),
                        stored.created(), SignInSessions.claims(stored.user().profile())));
    }

    private static SignInEvent signInEvent(String tenantId, SourceRecord source, Handoff handoff, UUID userId,
            SignInEvent.Profile profile, Instant now) {
        return new SignInEvent(SignInEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), SignInEvent.Outcome.SUCCEEDED,
                tenantId, MigrationSignIn.connectionId(source.id()), MigrationSignIn.PROTOCOL, handoff.subject(),
                userId.toString(), 1, true, profile, List.of(), handoff.amr(), null, now, null, handoff.clientAddress());
    }

    private JsonObject toJson(SignInEvent.Profile profile) {
        try {
            return new JsonObject(json.writeValueAsString(profile));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("profile not serializable", e);
        }
    }
}
