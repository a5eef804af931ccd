package io.jitsso.gateway.client;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.gateway.config.GatewayConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.time.Duration;
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
