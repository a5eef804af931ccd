package io.jitsso.migration.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitsso.migration.service.SourceDraft;
import io.jitsso.migration.service.SourceService;
import io.jitsso.migration.service.SourceView;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** The operator's API for a tenant's legacy sources (SPEC B1, B5); guarded by {@link AccessFilter}. */
@Path("/admin/v1/tenants/{tenant}/sources")
@Produces(MediaType.APPLICATION_JSON)
public class SourceAdminResource {

    /** A source as submitted; {@code secret} is write-only. */
    public record SourceRequest(String id, String type, String name, JsonNode settings, Map<String, String> attributeMapping,
            String secret) {
        SourceDraft draft(String fixedId) {
            return new SourceDraft(fixedId != null ? fixedId : id, type, name, settings, attributeMapping, secret);
        }

        @Override
        public String toString() {
            return "SourceRequest[" + id + ", secret=redacted]";
        }
    }

    private final SourceService sources;

    SourceAdminResource(SourceService sources) {
        this.sources = sources;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@PathParam("tenant") String tenant, @Valid @NotNull SourceRequest request) {
        return sources.create(Patterns.tenant(tenant), request.draft(null))
                .map(view -> Response.status(201).entity(view).build());
    }

    @GET
    public Uni<List<SourceView>> list(@PathParam("tenant") String tenant) {
        return sources.list(Patterns.tenant(tenant));
    }

    @GET
    @Path("/{source}")
    public Uni<SourceView> get(@PathParam("tenant") String tenant, @PathParam("source") String source) {
        return sources.get(Patterns.tenant(tenant), Patterns.source(source));
    }

    @PUT
    @Path("/{source}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SourceView> update(@PathParam("tenant") String tenant, @PathParam("source") String source,
            @Valid @NotNull SourceRequest request) {
        return sources.update(Patterns.tenant(tenant), Patterns.source(source), request.draft(source));
    }

    /** Retires the source: never contacted again; its migrated users keep signing in here. */
    @POST
    @Path("/{source}/retirement")
    public Uni<SourceView> retire(@PathParam("tenant") String tenant, @PathParam("source") String source) {
        return sources.retire(Patterns.tenant(tenant), Patterns.source(source));
    }
}
