package io.jitsso.gateway.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * migration-service's internal API as the gateway uses it (bearer: the internal token). Built by
 * {@link MigrationServiceClient}, which also maps its failures.
 */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface MigrationServiceApi {

    /** The identity verified through a migration connection; {@code profile} holds the normalized fields. */
    record Handoff(String connectionId, String subject, String clientId, Map<String, Object> profile, List<String> amr,
            String clientAddress) {
        @Override
        public String toString() {
            return "Handoff[" + connectionId + "]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Migrated(String userId, String sourceId, String connectionId, boolean migrated, Map<String, Object> claims) {
        @Override
        public String toString() {
            return "Migrated[" + userId + "]";
        }
    }

    /** The redirect source that names a connection, and whether it still migrates. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record MigrationConnectionState(String sourceId, boolean active) {
    }

    /** The tenant's user schema: its custom attributes (ADR-32). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SchemaBody(List<SchemaAttribute> attributes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SchemaAttribute(String name, String type, Boolean required) {
    }

    @GET
    @Path("/tenants/{tenant}/user-schema")
    Uni<SchemaBody> userSchema(@HeaderParam("Authorization") String authorization, @PathParam("tenant") String tenant);

    @GET
    @Path("/tenants/{tenant}/migration-connections/{connection}")
    Uni<MigrationConnectionState> connectionState(@HeaderParam("Authorization") String authorization,
            @PathParam("tenant") String tenant, @PathParam("connection") String connection);

    @POST
    @Path("/tenants/{tenant}/redirect-migrations")
    Uni<Migrated> migrate(@HeaderParam("Authorization") String authorization, @PathParam("tenant") String tenant,
            Handoff handoff);
}
