package io.jitsso.migration.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitsso.migration.service.JourneyService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** The operator's API for a tenant's migration journeys (SPEC B4): JSON data, validated on save. */
@Path("/admin/v1/tenants/{tenant}/journeys")
@Produces(MediaType.APPLICATION_JSON)
public class JourneyAdminResource {

    private final JourneyService journeys;

    JourneyAdminResource(JourneyService journeys) {
        this.journeys = journeys;
    }

    @GET
    public Uni<List<Map<String, Object>>> list(@PathParam("tenant") String tenant) {
        return journeys.list(Patterns.tenant(tenant));
    }

    @PUT
    @Path("/{journey}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<JsonNode> save(@PathParam("tenant") String tenant, @PathParam("journey") String journey,
            @NotNull JsonNode definition) {
        return journeys.save(Patterns.tenant(tenant), journey, definition);
    }

    @DELETE
    @Path("/{journey}")
    public Uni<Response> delete(@PathParam("tenant") String tenant, @PathParam("journey") String journey) {
        return journeys.delete(Patterns.tenant(tenant), journey).replaceWith(Response.noContent().build());
    }
}
