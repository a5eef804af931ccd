package io.jitsso.migration.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.migration.persistence.JourneyStore;
import io.jitsso.migration.persistence.SourceRecord;
import io.jitsso.migration.persistence.SourceStore;
import io.jitsso.migration.source.SourceType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Journeys (SPEC B4): saved only when valid against the tenant's active sources, and read at sign-in,
 * where a journey decides the source of its credential kind and whether registering a password after a
 * code is required.
 */
@ApplicationScoped
public class JourneyService {

    private static final Pattern JOURNEY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    private final JourneyStore store;
    private final SourceStore sources;
    private final ObjectMapper json;

    JourneyService(JourneyStore store, SourceStore sources, ObjectMapper json) {
        this.store = store;
        this.sources = sources;
        this.json = json;
    }

    public Uni<JsonNode> save(String tenantId, String id, JsonNode definition) {
        if (!JOURNEY_ID.matcher(id).matches()) {
            throw new ApiException.NotFound("no such journey");
        }
        return activeSources(tenantId).chain(active -> {
            Journey.Parsed parsed = Journey.parse(definition, active);
            if (parsed instanceof Journey.Invalid invalid) {
                throw ApiException.BadRequest.fields(invalid.errors());
            }
            Journey journey = ((Journey.Valid) parsed).journey();
            return store.save(tenantId, id, journey.credential(), new JsonObject(definition.toString()), Instant.now())
                    .map(saved -> {
                        if (!saved) {
                            throw new ApiException.Conflict("another journey of the tenant handles " + journey.credential()
                                    + " sign-ins; change or delete that one");
                        }
                        return definition;
                    });
        });
    }

    public Uni<List<Map<String, Object>>> list(String tenantId) {
        return store.list(tenantId).map(journeys -> journeys.stream()
                .map(journey -> Map.<String, Object>of("id", journey.id(), "credential", journey.credential(),
                        "definition", read(journey.definition())))
                .toList());
    }

    public Uni<Void> delete(String tenantId, String id) {
        return store.delete(tenantId, id).map(deleted -> {
            if (!deleted) {
                throw new ApiException.NotFound("no such journey");
            }
            return null;
        });
    }

    /** The tenant's journey for this credential kind, if it has one that is still valid. */
    public Uni<Optional<Journey>> forCredential(String tenantId, String credential) {
        return store.forCredential(tenantId, credential).chain(stored -> {
            if (stored.isEmpty()) {
                return Uni.createFrom().item(Optional.<Journey>empty());
            }
            // re-checked against today's sources: a journey whose source was retired no longer applies
            return activeSources(tenantId).map(active -> Journey.parse(read(stored.get().definition()), active)
                    instanceof Journey.Valid valid ? Optional.of(valid.journey()) : Optional.<Journey>empty());
        });
    }

    private Uni<Map<String, SourceType>> activeSources(String tenantId) {
        return sources.list(tenantId).map(all -> {
            Map<String, SourceType> active = new HashMap<>();
            for (SourceRecord source : all) {
                if (source.active()) {
                    SourceType.of(source.type()).ifPresent(type -> active.put(source.id(), type));
                }
            }
            return active;
        });
    }

    private JsonNode read(JsonObject definition) {
        try {
            return json.readTree(definition.encode());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored journey is unreadable", e);
        }
    }
}
