package io.jitsso.gateway.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.gateway.persistence.ConnectionRecord;
import io.jitsso.gateway.persistence.ConnectionStore;
import io.jitsso.gateway.persistence.MigrationConnectionStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * migration-service asks (internal API, internal token) which custom attributes the tenant's connections map
 * before it saves a new user schema (ADR-32): a connection whose sign-ins end in federation must map every
 * required attribute. Connections a migration source claimed are left out: their attributes are that source's
 * profile fields.
 */
@Path("/internal/v1/tenants/{tenant}/attribute-mappings")
@Tag(name = "Internal")
public class InternalAttributeMappingResource {

    /** The custom attributes one connection maps, by name. */
    public record ConnectionAttributes(@JsonProperty("connection_id") String connectionId, List<String> attributes) {
    }

    public record Mappings(List<ConnectionAttributes> connections) {
    }

    private final ConnectionStore connections;
    private final MigrationConnectionStore claims;

    InternalAttributeMappingResource(ConnectionStore connections, MigrationConnectionStore claims) {
        this.connections = connections;
        this.claims = claims;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The custom attributes each of the tenant's federating connections maps")
    public Uni<Mappings> mappings(@PathParam("tenant") String tenant) {
        if (!tenant.matches(Patterns.TENANT_ID)) {
            throw new ApiException.NotFound("no such tenant");
        }
        return Uni.combine().all().unis(connections.list(tenant), claims.claimedIn(tenant)).asTuple()
                .map(found -> mappings(found.getItem1(), found.getItem2()));
    }

    private static Mappings mappings(List<ConnectionRecord> records, Set<String> claimed) {
        List<ConnectionAttributes> result = new ArrayList<>();
        for (ConnectionRecord record : records) {
            if (claimed.contains(record.id())) {
                continue;
            }
            var mappings = record.settings().attributeMappings();
            List<String> names = mappings == null || mappings.custom() == null ? List.of()
                    : List.copyOf(mappings.custom().keySet());
            result.add(new ConnectionAttributes(record.id(), names));
        }
        return new Mappings(result);
    }
}
