package io.jitsso.migration.service;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.error.ApiException.FieldError;
import io.jitsso.contracts.profile.UserSchema;
import io.jitsso.migration.client.GatewayClient;
import io.jitsso.migration.config.MigrationConfig;
import io.jitsso.migration.persistence.SchemaStore;
import io.jitsso.migration.persistence.SourceRecord;
import io.jitsso.migration.persistence.SourceStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The tenant's user schema (SPEC A4, B3). A new schema is refused when an active source's mapping does not
 * satisfy it (a required attribute no source fills would fail every migration), or a gateway connection's does not
 * (ADR-32: it would fail that connection's sign-ins).
 */
@ApplicationScoped
public class SchemaService {

    private final SchemaStore store;
    private final SourceStore sources;
    private final GatewayClient gateway;
    private final boolean gatewayEnabled;

    SchemaService(SchemaStore store, SourceStore sources, GatewayClient gateway, MigrationConfig config) {
        this.gatewayEnabled = config.gatewayEnabled();
        this.store = store;
        this.sources = sources;
        this.gateway = gateway;
    }

    public Uni<UserSchema> schema(String tenantId) {
        return store.find(tenantId).map(found -> found.map(SchemaService::read).orElse(UserSchema.EMPTY));
    }

    public Uni<UserSchema> replace(String tenantId, List<UserSchema.Attribute> attributes) {
        List<FieldError> errors = UserSchema.validate(attributes);
        if (!errors.isEmpty()) {
            throw ApiException.BadRequest.fields(errors);
        }
        UserSchema schema = new UserSchema(List.copyOf(attributes));
        return sources.list(tenantId).chain(existing -> {
            List<FieldError> conflicts = new ArrayList<>();
            for (SourceRecord source : existing) {
                if (source.active()) {
                    schema.validateMapping(source.attributeMapping()).forEach(error -> conflicts.add(
                            new FieldError("sources." + source.id() + "." + error.field(), error.message())));
                }
            }
            if (!conflicts.isEmpty()) {
                throw new ApiException.BadRequest("active sources do not map this schema; update their attribute_mapping first",
                        conflicts);
            }
            // without a gateway there are no connections to hold the schema to
            return gatewayEnabled ? gateway.connectionMappings(tenantId)
                    : Uni.createFrom().item(List.<GatewayClient.ConnectionMapping>of());
        }).chain(connections -> {
            List<FieldError> conflicts = connectionConflicts(schema, connections);
            if (!conflicts.isEmpty()) {
                throw new ApiException.BadRequest("the gateway's connections do not map this schema; update their"
                        + " attribute_mappings first", conflicts);
            }
            return store.save(tenantId, write(schema), Instant.now()).replaceWith(schema);
        });
    }

    /**
     * A gateway connection's custom attributes must stay in the schema (its sign-ins would drop them), and it must map
     * every required one (its sign-ins would be refused): the gateway holds a connection's save to the same rules
     * (ADR-32).
     */
    static List<FieldError> connectionConflicts(UserSchema schema, List<GatewayClient.ConnectionMapping> connections) {
        List<FieldError> conflicts = new ArrayList<>();
        for (GatewayClient.ConnectionMapping connection : connections) {
            conflicts.addAll(schema.misfits(connection.attributes(),
                    "connections." + connection.connectionId() + ".attribute_mappings.custom."));
        }
        return conflicts;
    }

    private static JsonArray write(UserSchema schema) {
        JsonArray array = new JsonArray();
        schema.attributes().forEach(attribute -> array.add(new JsonObject().put("name", attribute.name())
                .put("type", attribute.type().name().toLowerCase()).put("required", attribute.required())));
        return array;
    }

    private static UserSchema read(JsonArray array) {
        List<UserSchema.Attribute> attributes = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonObject attribute = array.getJsonObject(i);
            attributes.add(new UserSchema.Attribute(attribute.getString("name"),
                    UserSchema.Type.of(attribute.getString("type")).orElseThrow(), attribute.getBoolean("required", false)));
        }
        return new UserSchema(attributes);
    }
}
