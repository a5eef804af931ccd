package io.jitsso.migration.api;

import io.jitsso.migration.service.PasswordRegistration;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * For apps: a user migrated by redirect registers a local password, so the legacy IdP can be retired
 * (the user then signs in at {@code /sign-in} with their identifier and this password).
 */
@Path("/t/{tenant}/migration/v1/password")
public class PasswordRegistrationResource {

    public record RegistrationRequest(
            @NotBlank @Size(max = 512) String sessionId,
            @NotNull @Size(min = 8, max = 1024) String newPassword) {
        @Override
        public String toString() {
            return "RegistrationRequest[redacted]";
        }
    }

    public record RegistrationResponse(String userId, String identifier) {
    }

    private final PasswordRegistration registration;

    PasswordRegistrationResource(PasswordRegistration registration) {
        this.registration = registration;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> register(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Valid @NotNull RegistrationRequest request) {
        return registration.register(Patterns.tenant(tenant), authorization, request.sessionId(), request.newPassword())
                .map(registered -> Response.ok(new RegistrationResponse(registered.userId().toString(),
                        registered.identifier())).header("Cache-Control", "no-store").build());
    }
}
