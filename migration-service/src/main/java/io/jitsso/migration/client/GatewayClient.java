package io.jitsso.migration.client;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.migration.config.MigrationConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Calls to the gateway's internal API (with the internal token): a redirect source claims its
 * gateway connection, which must belong to the same tenant. From then on the gateway ends every
 * sign-in through that connection in migration instead of federation. A new user schema is checked
 * against what the gateway's connections map (ADR-32).
 */
@ApplicationScoped
public class GatewayClient {

    private static final Logger LOG = Logger.getLogger(GatewayClient.class);
    private static final long TIMEOUT_MILLIS = 10_000;
    private static final String CONNECTIONS = "the tenant's connections";

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

    /** What a gateway connection maps onto the user schema: its custom attributes' names. */
    public record ConnectionMapping(String connectionId, List<String> attributes) {
    }

    /**
     * The custom attributes each of the tenant's connections maps (those whose sign-ins end in federation; a
     * connection a redirect source claimed maps source profile fields, checked with that source). Fails with 503
     * when the gateway cannot answer: a schema is not saved unchecked.
     */
    public Uni<List<ConnectionMapping>> connectionMappings(String tenantId) {
        String path = "/internal/v1/tenants/" + encode(tenantId) + "/attribute-mappings";
        return http.getAbs(base + path).timeout(TIMEOUT_MILLIS)
                .putHeader("Authorization", internalAuthorization)
                .send()
                .onFailure().transform(failure -> unavailable(failure.getClass().getSimpleName(), CONNECTIONS))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw unavailable("HTTP " + response.statusCode(), CONNECTIONS);
                    }
                    try {
                        JsonArray connections = response.bodyAsJsonObject().getJsonArray("connections");
                        List<ConnectionMapping> mappings = new ArrayList<>();
                        for (int i = 0; i < connections.size(); i++) {
                            JsonObject connection = connections.getJsonObject(i);
                            List<String> attributes = new ArrayList<>();
                            connection.getJsonArray("attributes").forEach(name -> attributes.add((String) name));
                            mappings.add(new ConnectionMapping(connection.getString("connection_id"), attributes));
                        }
                        return mappings;
                    } catch (RuntimeException malformed) {
                        throw unavailable("an unreadable answer (" + malformed.getClass().getSimpleName() + ")", CONNECTIONS);
                    }
                });
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static ApiException unavailable(String cause) {
        return unavailable(cause, "the connection");
    }

    private static ApiException unavailable(String cause, String what) {
        LOG.warnf("the gateway could not be asked about %s: %s", what, cause);
        return new ApiException.ServiceUnavailable("the gateway is unavailable, so " + what + " cannot be checked;"
                + " try again in a moment");
    }
}
