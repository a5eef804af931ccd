package io.jitsso.migration.client;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.migration.config.MigrationConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * Calls to the gateway's internal API (with the internal token): a redirect source claims its
 * gateway connection, which must belong to the same tenant. From then on the gateway ends every
 * sign-in through that connection in migration instead of federation.
 */
@ApplicationScoped
public class GatewayClient {

    private static final Logger LOG = Logger.getLogger(GatewayClient.class);
    private static final long TIMEOUT_MILLIS = 10_000;

    private final WebClient http;
    private final String base;
    private final String internalAuthorization;

    GatewayClient(WebClient http, MigrationConfig config) {
        this.http = http;
        this.base = config.gatewayUrl();
        this.internalAuthorization = "Bearer " + config.internalToken();
    }

    /** True when the tenant owns the connection (now marked as ending in migration); false when it does not. */
    public Uni<Boolean> claimConnection(String tenantId, String connectionId) {
        String path = "/internal/v1/tenants/" + encode(tenantId) + "/migration-connections/" + encode(connectionId);
        return http.putAbs(base + path).timeout(TIMEOUT_MILLIS)
                .putHeader("Authorization", internalAuthorization)
                .send()
                .onFailure().transform(failure -> unavailable(failure.getClass().getSimpleName()))
                .map(response -> {
                    if (response.statusCode() == 204 || response.statusCode() == 200) {
                        return true;
                    }
                    if (response.statusCode() == 404) {
                        return false;
                    }
                    throw unavailable("HTTP " + response.statusCode());
                });
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static ApiException unavailable(String cause) {
        LOG.warnf("the gateway could not be asked about a connection: %s", cause);
        return new ApiException.ServiceUnavailable("the gateway is unavailable, so the connection cannot be checked;"
                + " try again in a moment");
    }
}
