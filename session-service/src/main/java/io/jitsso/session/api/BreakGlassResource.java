package io.jitsso.session.api;

import io.jitsso.session.service.BreakGlassService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The break-glass admin's sign-in (SPEC A11): a tenant stays reachable when its IdP is down. The
 * answer is an admin access token for that tenant's admin API, nothing else (no session, no SSO).
 */
@Path("/t/{tenant}/break-glass/token")
@Tag(name = "Break-glass admin")
public class BreakGlassResource {

    private final BreakGlassService breakGlass;

    BreakGlassResource(BreakGlassService breakGlass) {
        this.breakGlass = breakGlass;
    }

    /** Sizes are bounded generously: anything within them is checked, and fails like a wrong password. */
    public record SignIn(@NotNull @Size(min = 1, max = 256) String username,
            @NotNull @Size(min = 1, max = 256) String password) {
    }

    public record TokenResponse(String accessToken, String tokenType, long expiresIn) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign the tenant's break-glass admin in: an admin access token for this tenant only")
    public Uni<Response> signIn(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @Valid @NotNull SignIn request, @Context HttpServerRequest http) {
        String clientIp = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        return breakGlass.signIn(tenant, request.username(), request.password(), clientIp)
                .map(token -> Response.ok(new TokenResponse(token.accessToken(), "Bearer", token.expiresIn()))
                        .header("Cache-Control", "no-store").header("Pragma", "no-cache").build());
    }
}
