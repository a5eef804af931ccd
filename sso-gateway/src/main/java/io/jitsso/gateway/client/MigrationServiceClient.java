package io.jitsso.gateway.client;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.profile.UserSchema;
import io.jitsso.gateway.config.GatewayConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Calls to migration-service's internal API, and its answers as pages a browser can read: the
 * migration source is retired or missing, the profile does not fit, or the service is away (never
 * a 500 with a stack trace).
 */
@ApplicationScoped
public class MigrationServiceClient {

    private static final Logger LOG = Logger.getLogger(MigrationServiceClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SCHEMA_DEADLINE = Duration.ofSeconds(2);

    private final MigrationServiceApi internal;
    private final String authorization;

    MigrationServiceClient(GatewayConfig config) {
        this.internal = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.migrationServiceUrl()))
                .connectTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .build(MigrationServiceApi.class);
        this.authorization = "Bearer " + config.internalToken();
    }

    public Uni<MigrationServiceApi.Migrated> migrate(String tenantId, MigrationServiceApi.Handoff handoff) {
        return internal.migrate(authorization, tenantId, handoff)
                .onFailure().transform(failure -> refusal(handoff.connectionId(), failure));
    }

    /**
     * The tenant's user schema (ADR-32). Fails with {@link SchemaUnavailable} when migration-service cannot give it
     * within 2 s (away, an error, an answer that is not a schema); the cause is logged.
     */
    public Uni<UserSchema> userSchema(String tenantId) {
        return internal.userSchema(authorization, tenantId)
                // sign-ins wait for this answer when their copy is old: a hanging service must not hold them long
                .ifNoItem().after(SCHEMA_DEADLINE).fail()
                .onFailure().transform(failure -> {
                    LOG.warnf("migration-service could not give the user schema of tenant %s: %s: %s", tenantId,
                            failure.getClass().getSimpleName(), failure.getMessage());
                    return new SchemaUnavailable();
                })
                .map(body -> {
                    try {
                        return schema(body);
                    } catch (RuntimeException malformed) {
                        LOG.warnf("migration-service answered an unreadable user schema for tenant %s: %s", tenantId,
                                malformed.getMessage());
                        throw new SchemaUnavailable();
                    }
                });
    }

    /** The user schema could not be read from migration-service. */
    public static final class SchemaUnavailable extends RuntimeException {
        SchemaUnavailable() {
            super("the tenant's user schema is unavailable", null, false, false);
        }
    }

    static UserSchema schema(MigrationServiceApi.SchemaBody body) {
        List<UserSchema.Attribute> attributes = new ArrayList<>();
        for (MigrationServiceApi.SchemaAttribute attribute : body.attributes()) {
            UserSchema.Type type = UserSchema.Type.of(attribute.type())
                    .orElseThrow(() -> new IllegalArgumentException("unknown attribute type " + attribute.type()));
            attributes.add(new UserSchema.Attribute(Objects.requireNonNull(attribute.name(), "name"), type,
                    Boolean.TRUE.equals(attribute.required())));
        }
        return new UserSchema(List.copyOf(attributes));
    }

    /**
     * Fails, with the page the handoff would end in, unless the redirect source naming the connection
     * still migrates: retired (409), none names it (409), or migration-service away (502).
     */
    public Uni<Void> checkActive(String tenantId, String connectionId) {
        return internal.connectionState(authorization, tenantId, connectionId)
                .onFailure().transform(failure -> refusal(connectionId, failure))
                .invoke(state -> {
                    if (!state.active()) {
                        throw refusal(connectionId, 409);
                    }
                })
                .replaceWithVoid();
    }

    private static Throwable refusal(String connectionId, Throwable failure) {
        int status = failure instanceof WebApplicationException web ? web.getResponse().getStatus() : 0;
        if (status == 0) {
            LOG.warnf("migration-service could not be asked about %s: %s: %s", connectionId,
                    failure.getClass().getSimpleName(), failure.getMessage());
        }
        return refusal(connectionId, status);
    }

    private static ApiException refusal(String connectionId, int status) {
        switch (status) {
            case 404:
                LOG.warnf("connection %s ends in migration, but no migration source names it", connectionId);
                return new ApiException.Conflict("This sign-in moves accounts to a new system, but it is not set up"
                        + " completely. Ask your administrator.");
            case 409:
                LOG.infof("sign-in through %s refused: its migration source is retired", connectionId);
                return new ApiException.Conflict("Accounts are no longer moved through this sign-in: the migration"
                        + " from it has ended. Sign in another way, or ask your administrator.");
            case 422:
                return new ApiException.Forbidden("Your account could not be moved: your profile at your old identity"
                        + " provider lacks information your organization requires. Ask your administrator.");
            default:
                if (status != 0) {
                    LOG.warnf("migration-service answered HTTP %d about %s", status, connectionId);
                }
                return new ApiException.BadGateway("Your account could not be moved to the new sign-in just now."
                        + " Try again in a moment.");
        }
    }
}
