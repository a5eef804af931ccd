package io.jitsso.session.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jitsso.session.persistence.TenantEntity;
import io.jitsso.session.service.TenantService;
import io.jitsso.session.service.TokenService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator API: tenants and their signing keys. */
@Path("/admin/v1/tenants")
@Tag(name = "Operator: tenants")
public class TenantAdminResource {

    private final TenantService tenants;
    private final TokenService tokens;

    TenantAdminResource(TenantService tenants, TokenService tokens) {
        this.tenants = tenants;
        this.tokens = tokens;
    }

    public record CreateTenant(
            @NotBlank @Pattern(regexp = Patterns.TENANT_ID, message = "lowercase letters, digits and '-', up to 63") String id,
            @NotBlank @Size(max = 200) String name) {
    }

    public record TenantView(String id, String name, String issuer, Instant createdAt) {
    }

    public record RotatedKeys(@JsonProperty("active_kids") List<String> activeKids) {
    }

    @POST
    @Operation(summary = "Create a tenant with fresh signing keys")
    public Uni<Response> create(@Valid @NotNull CreateTenant request) {
        return tenants.create(request.id(), request.name())
                .map(tenant -> Response.status(201).type(MediaType.APPLICATION_JSON).entity(view(tenant)).build());
    }

    @GET
    @Operation(summary = "List tenants")
    public Uni<List<TenantView>> list() {
        return tenants.list().map(list -> list.stream().map(this::view).toList());
    }

    @GET
    @Path("/{tenant}")
    @Operation(summary = "Get a tenant")
    public Uni<TenantView> get(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant) {
        return tenants.get(tenant).map(this::view);
    }

    @POST
    @Path("/{tenant}/keys/rotation")
    @Operation(summary = "Rotate the tenant's signing keys; old keys stay published until their tokens expire")
    public Uni<RotatedKeys> rotate(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant) {
        return tenants.rotateKeys(tenant).map(RotatedKeys::new);
    }

    private TenantView view(TenantEntity tenant) {
        return new TenantView(tenant.id, tenant.name, tokens.issuer(tenant.id), tenant.createdAt);
    }
}
