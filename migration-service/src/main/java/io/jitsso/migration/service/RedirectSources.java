package io.jitsso.migration.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.migration.client.GatewayClient;
import io.jitsso.migration.persistence.SourceRecord;
import io.jitsso.migration.persistence.SourceStore;
import io.jitsso.migration.source.SourceType;
import io.jitsso.migration.source.redirect.RedirectSettings;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The checks a redirect source needs on save, beyond its settings' shape: its gateway connection
 * belongs to the same tenant (asked of the gateway, which then ends that connection's sign-ins in
 * migration), no other source of the tenant names it, and it never changes (users migrated through
 * it are keyed by this source).
 */
@ApplicationScoped
public class RedirectSources {

    private static final String FIELD = "settings.connection_id";

    private final SourceStore store;
    private final GatewayClient gateway;

    RedirectSources(SourceStore store, GatewayClient gateway) {
        this.store = store;
        this.gateway = gateway;
    }

    /** Nothing for other source types; {@code current} is the stored source on update, else null. */
    public Uni<Void> claim(String tenantId, String sourceId, SourceType type, JsonNode settings, SourceRecord current) {
        if (type != SourceType.REDIRECT) {
            return Uni.createFrom().voidItem();
        }
        String connectionId = RedirectSettings.connectionOf(settings);
        if (current != null && !connectionId.equals(current.settings().getString("connection_id"))) {
            throw ApiException.BadRequest.field(FIELD, "cannot change; create a new source instead");
        }
        return findByConnection(tenantId, connectionId)
                .invoke(other -> other.filter(source -> !source.id().equals(sourceId)).ifPresent(source -> {
                    throw new ApiException.Conflict("the source " + source.id() + " already migrates users of the"
                            + " connection " + connectionId);
                }))
                .chain(() -> gateway.claimConnection(tenantId, connectionId))
                .invoke(claimed -> {
                    if (!claimed) {
                        throw ApiException.BadRequest.field(FIELD, "the tenant has no gateway connection with this id");
                    }
                })
                .replaceWithVoid();
    }

    /** The tenant's redirect source (active or retired) that names this gateway connection. */
    public Uni<Optional<SourceRecord>> findByConnection(String tenantId, String connectionId) {
        return store.list(tenantId).map(sources -> sources.stream()
                .filter(source -> SourceType.REDIRECT.id().equals(source.type()))
                .filter(source -> connectionId.equals(source.settings().getString("connection_id")))
                .findFirst());
    }
}
