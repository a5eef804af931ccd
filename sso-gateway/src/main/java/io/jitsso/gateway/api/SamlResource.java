package io.jitsso.gateway.api;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.http.FormBody;
import io.jitsso.gateway.config.GatewayConfig;
import io.jitsso.gateway.service.SamlSignInService;
import io.jitsso.gateway.service.SignInOutcome;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A SAML connection's service provider endpoints: its metadata (public, for the IdP's admin), the
 * start of an SP-initiated sign-in (reached from the login URL or the authorization endpoint with
 * the sign-in cookie) and the assertion consumer service (HTTP-POST binding).
 */
@Path("/saml/{connection}")
@Tag(name = "Sign-in")
public class SamlResource {

    static final String METADATA_TYPE = "application/samlmetadata+xml";

    private final SamlSignInService saml;
    private final boolean secure;

    SamlResource(SamlSignInService saml, GatewayConfig config) {
        this.saml = saml;
        this.secure = config.publicBaseUrl().startsWith("https:");
    }

    @GET
    @Path("/metadata")
    @Operation(summary = "SP metadata of a SAML connection: entity id, ACS URL, SP certificate")
    public Uni<Response> metadata(@PathParam("connection") String connectionId) {
        return saml.metadata(connectionId)
                .map(xml -> Response.ok(xml, METADATA_TYPE).header("Cache-Control", "max-age=300").build());
    }

    @GET
    @Path("/start")
    @Operation(summary = "Sends the browser to the IdP with an AuthnRequest (HTTP-Redirect binding)")
    public Uni<Response> start(@PathParam("connection") String connectionId, @CookieParam(SignInCookie.NAME) String handle) {
        return saml.start(connectionId, handle)
                .map(location -> Response.status(Response.Status.FOUND).location(location)
                        .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").build());
    }

    @POST
    @Path("/acs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Assertion consumer service (HTTP-POST binding): verifies the response and finishes the sign-in")
    public Uni<Response> acs(@PathParam("connection") String connectionId, @CookieParam(SignInCookie.NAME) String handle,
            String form, @Context HttpServerRequest request) {
        Map<String, String> fields = fields(form);
        return saml.consume(connectionId, handle, fields.get("SAMLResponse"), fields.get("RelayState"),
                        ClientAddress.of(request))
                .map(outcome -> respond(connectionId, outcome));
    }

    /** The POST binding's form, parsed strictly: a bad escape or a repeated field is the IdP's malformed answer. */
    private static Map<String, String> fields(String form) {
        try {
            return FormBody.singleValued(form);
        } catch (FormBody.Malformed malformed) {
            throw new ApiException.BadRequest("The sign-in answer is malformed: " + malformed.getMessage() + ".");
        }
    }

    private Response respond(String connectionId, SignInOutcome outcome) {
        return SignInEnd.respond(outcome, SignInCookie.clearSaml(connectionId, secure));
    }
}
