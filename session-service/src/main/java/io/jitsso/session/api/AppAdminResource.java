package io.jitsso.session.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.profile.RequiredRoles;
import io.jitsso.session.crypto.JwsAlgorithm;
import io.jitsso.session.config.SessionConfig;
import io.jitsso.session.service.AppService;
import io.jitsso.session.service.AppView;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator API: app registrations (confidential clients) of a tenant. */
@Path("/admin/v1/tenants/{tenant}/apps")
@Tag(name = "Operator: apps")
public class AppAdminResource {

    private final AppService apps;
    private final SessionConfig config;

    AppAdminResource(AppService apps, SessionConfig config) {
        this.apps = apps;
        this.config = config;
    }

    public record CreateApp(
            @Pattern(regexp = Patterns.CLIENT_ID, message = "letters, digits, '.', '_' and '-', up to 64") String clientId,
            @NotBlank @Size(max = 200) String name,
            @Pattern(regexp = "ES256|RS256", message = "ES256 or RS256") String signingAlg,
            List<String> redirectUris,
            List<String> requiredRoles,
            String requiredRolesMode) {
    }

    /**
     * The app's new name and redirect URIs; its required roles too when {@code required_roles} is given (omitted: they
     * stay as they are, so a client that predates them cannot lift an app's access rule by accident; {@code []} lifts it).
     */
    public record UpdateApp(@NotBlank @Size(max = 200) String name, List<String> redirectUris, List<String> requiredRoles,
            String requiredRolesMode) {
    }

    /** An app; {@code client_secret} is present only in the answer that generated it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AppResponse(String clientId, String clientSecret, String name, String signingAlg,
            List<String> redirectUris, List<String> requiredRoles, String requiredRolesMode, Instant createdAt,
            Instant secretRotatedAt) {

        static AppResponse of(AppView app, String secret) {
            return new AppResponse(app.clientId(), secret, app.name(), app.signingAlgorithm().name(),
                    app.redirectUris(), app.requiredRoles().roles(), app.requiredRoles().mode().wireName(), app.createdAt(),
                    app.secretRotatedAt());
        }
    }

    /**
     * The app's required roles (SPEC A5, ADR-33) from a request: {@code current} when neither field is given (on
     * create: none), else validated, a mode not given kept from {@code current}; a mode without roles is refused, as it
     * would mean nothing.
     */
    static RequiredRoles requiredRoles(List<String> roles, String mode, RequiredRoles current) {
        if (roles == null && mode == null) {
            return current;
        }
        List<ApiException.FieldError> errors = new ArrayList<>();
        RequiredRoles.Mode parsed = current.mode();
        try {
            parsed = mode == null ? current.mode() : RequiredRoles.Mode.fromWire(mode);
        } catch (IllegalArgumentException e) {
            errors.add(new ApiException.FieldError("required_roles_mode", "any or all"));
        }
        if (roles == null) {
            errors.add(new ApiException.FieldError("required_roles", "required with required_roles_mode"));
        }
        RequiredRoles required = null;
        if (errors.isEmpty()) {
            try {
                required = new RequiredRoles(roles, parsed);
            } catch (IllegalArgumentException e) {
                errors.add(new ApiException.FieldError("required_roles", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.BadRequest.fields(errors);
        }
        // none required reads the same whatever the mode was
        return required.isEmpty() ? RequiredRoles.NONE : required;
    }

    @POST
    @Operation(summary = "Register an app; the answer holds its client secret, shown this once")
    public Uni<Response> create(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @Valid @NotNull CreateApp request) {
        JwsAlgorithm algorithm = JwsAlgorithm.fromName(
                request.signingAlg() != null ? request.signingAlg() : config.tokens().defaultAlgorithm());
        RequiredRoles required = requiredRoles(request.requiredRoles(), request.requiredRolesMode(), RequiredRoles.NONE);
        return apps.create(tenant, request.clientId(), request.name(), algorithm, request.redirectUris(), required)
                .map(created -> Response.status(201).type(MediaType.APPLICATION_JSON)
                        .header("Cache-Control", "no-store")
                        .entity(AppResponse.of(created.app(), created.clientSecret())).build());
    }

    @GET
    @Operation(summary = "List the tenant's apps")
    public Uni<List<AppResponse>> list(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant) {
        return apps.list(tenant).map(list -> list.stream().map(app -> AppResponse.of(app, null)).toList());
    }

    @GET
    @Path("/{clientId}")
    @Operation(summary = "Get an app")
    public Uni<AppResponse> get(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @PathParam("clientId") @Pattern(regexp = Patterns.CLIENT_ID) String clientId) {
        return apps.get(tenant, clientId).map(app -> AppResponse.of(app, null));
    }

    @jakarta.ws.rs.PUT
    @Path("/{clientId}")
    @Operation(summary = "Replace the app's name and redirect URIs, and its required roles when given")
    public Uni<AppResponse> update(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @PathParam("clientId") @Pattern(regexp = Patterns.CLIENT_ID) String clientId,
            @Valid @NotNull UpdateApp request) {
        return apps.update(tenant, clientId, request.name(), request.redirectUris(),
                        current -> requiredRoles(request.requiredRoles(), request.requiredRolesMode(), current))
                .map(app -> AppResponse.of(app, null));
    }

    @POST
    @Path("/{clientId}/secret")
    @Operation(summary = "Replace the app's client secret; the old one stops working")
    public Uni<Response> rotateSecret(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @PathParam("clientId") @Pattern(regexp = Patterns.CLIENT_ID) String clientId) {
        return apps.rotateSecret(tenant, clientId)
                .map(rotated -> Response.ok(AppResponse.of(rotated.app(), rotated.clientSecret()))
                        .type(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store").build());
    }

    @DELETE
    @Path("/{clientId}")
    @Operation(summary = "Delete an app; its tokens stop being accepted")
    public Uni<Response> delete(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @PathParam("clientId") @Pattern(regexp = Patterns.CLIENT_ID) String clientId) {
        return apps.delete(tenant, clientId).map(ignored -> Response.noContent().build());
    }
}
