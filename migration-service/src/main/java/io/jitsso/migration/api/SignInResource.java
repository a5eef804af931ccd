package io.jitsso.migration.api;

import io.jitsso.migration.service.MigrationSignIn;
import io.jitsso.migration.service.SignInResult;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
 * The migration sign-in API for apps (SPEC B2): the app's backend posts what its user typed, with
 * the app's client access token, and receives the user's session and the app's tokens.
 */
@Path("/t/{tenant}/migration/v1")
public class SignInResource {

    /** What the user typed. {@code source_id} picks a source when the tenant has several. */
    public record SignInRequest(
            @NotBlank @Size(max = 320) String identifier,
            @NotNull @Size(min = 1, max = 1024) String password,
            @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,39}", message = "is not a source id") String sourceId) {
        @Override
        public String toString() {
            return "SignInRequest[redacted]";
        }
    }

    /** A one-time code the source sent; {@code new_password}, optional, becomes the user's local password. */
    public record CodeSignInRequest(
            @NotBlank @Size(max = 320) String identifier,
            @NotBlank @Size(max = 64) String code,
            @Size(min = 8, max = 1024) String newPassword,
            @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,39}", message = "is not a source id") String sourceId) {
        @Override
        public String toString() {
            return "CodeSignInRequest[redacted]";
        }
    }

    public record CodeRequest(
            @NotBlank @Size(max = 320) String identifier,
            @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,39}", message = "is not a source id") String sourceId) {
    }

    public record SignInResponse(String sessionId, String userId, String idToken, String accessToken, String tokenType,
            long expiresIn, boolean migrated) {
        static SignInResponse of(SignInResult result) {
            return new SignInResponse(result.sessionId(), result.userId().toString(), result.tokens().idToken(),
                    result.tokens().accessToken(), result.tokens().tokenType(), result.tokens().expiresIn(), result.migrated());
        }

        @Override
        public String toString() {
            return "SignInResponse[redacted]";
        }
    }

    private final MigrationSignIn signIn;

    SignInResource(MigrationSignIn signIn) {
        this.signIn = signIn;
    }

    @POST
    @Path("/sign-in")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> signIn(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Valid @NotNull SignInRequest request) {
        return signIn.signIn(Patterns.tenant(tenant), authorization,
                        MigrationSignIn.Attempt.password(request.identifier(), request.password(), request.sourceId()))
                .map(SignInResource::signedIn);
    }

    /** Asks the tenant's one-time-code source to send the user a code: 202 whether or not the user exists. */
    @POST
    @Path("/one-time-codes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> sendCode(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Valid @NotNull CodeRequest request) {
        return signIn.sendCode(Patterns.tenant(tenant), authorization, request.identifier(), request.sourceId())
                .replaceWith(Response.accepted().build());
    }

    @POST
    @Path("/sign-in/one-time-code")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> signInWithCode(@PathParam("tenant") String tenant,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Valid @NotNull CodeSignInRequest request) {
        return signIn.signIn(Patterns.tenant(tenant), authorization, MigrationSignIn.Attempt.code(request.identifier(),
                        request.code(), request.newPassword(), request.sourceId()))
                .map(SignInResource::signedIn);
    }

    private static Response signedIn(SignInResult result) {
        return Response.ok(SignInResponse.of(result)).header("Cache-Control", "no-store").build();
    }
}
