package io.jitsso.migration.api;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.profile.UserSchema;
import io.jitsso.migration.service.SchemaService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/** The operator's API for a tenant's user schema (SPEC B3). */
@Path("/admin/v1/tenants/{tenant}/user-schema")
@Produces(MediaType.APPLICATION_JSON)
public class SchemaAdminResource {

    public record AttributeBody(String name, String type, Boolean required) {
    }

    public record SchemaBody(List<AttributeBody> attributes) {
    }

    private final SchemaService schemas;

    SchemaAdminResource(SchemaService schemas) {
        this.schemas = schemas;
    }

    @GET
    public Uni<SchemaBody> get(@PathParam("tenant") String tenant) {
        return schemas.schema(Patterns.tenant(tenant)).map(SchemaAdminResource::body);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SchemaBody> replace(@PathParam("tenant") String tenant, @Valid @NotNull SchemaBody body) {
        if (body.attributes() == null) {
            throw ApiException.BadRequest.field("attributes", "is required (an empty list clears the schema)");
        }
        List<UserSchema.Attribute> attributes = new ArrayList<>();
        for (AttributeBody attribute : body.attributes()) {
            if (attribute == null) {
                throw ApiException.BadRequest.field("attributes", "must not contain null");
            }
            attributes.add(new UserSchema.Attribute(attribute.name(),
                    attribute.type() == null ? null : UserSchema.Type.of(attribute.type()).orElse(null),
                    Boolean.TRUE.equals(attribute.required())));
        }
        return schemas.replace(Patterns.tenant(tenant), attributes).map(SchemaAdminResource::body);
    }

    static SchemaBody body(UserSchema schema) {
        return new SchemaBody(schema.attributes().stream()
                .map(a -> new AttributeBody(a.name(), a.type().name().toLowerCase(), a.required())).toList());
    }
}
