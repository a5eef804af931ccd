package io.jitsso.gateway.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jitsso.contracts.crypto.Secrets;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationCompletionException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure leaves as problem+json, or as a readable error page on the browser-facing sign-in
 * endpoints: no framework error page, no class name, no stack trace. Unexpected failures are logged
 * with a trace id that the response repeats.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private final MeterRegistry metrics;

    ProblemMappers(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri, HttpHeaders headers) {
        if (ErrorPage.wanted(path(uri), headers)) {
            return ErrorPage.render(e.status(), pageTitle(e), e.detail(), null);
        }
        List<ApiException.FieldError> errors = e instanceof ApiException.BadRequest bad ? bad.errors() : List.of();
        Response.ResponseBuilder response = problem(e.status(), e.title(), e.detail(), errors);
        if (e instanceof ApiException.Unauthorized unauthorized && unauthorized.challenge() != null) {
            response.header("WWW-Authenticate", unauthorized.challenge());
        }
        return response.build();
    }

    /**
     * The upstream's answer failed a check of the code flow (state, nonce, issuer, audience, expiry,
     * signature, code exchange) or the upstream returned an error. quarkus-oidc logged which check.
     */
    @ServerExceptionMapper
    public Response upstreamRejected(AuthenticationCompletionException e, UriInfo uri, HttpHeaders headers) {
        metrics.counter("jitsso.gateway.upstream.rejections").increment();
        String detail = "The answer of your identity provider could not be verified, so you were not signed in."
                + " Start again from your application.";
        return ErrorPage.wanted(path(uri), headers)
                ? ErrorPage.render(401, "Sign-in failed", detail, null)
                : problem(401, "Unauthorized", detail, List.of()).build();
    }

    /** The upstream IdP is unreachable or its discovery document is unusable. */
    @ServerExceptionMapper
    public Response upstreamUnavailable(OIDCException e, UriInfo uri, HttpHeaders headers) {
        LOG.warnf("upstream identity provider unavailable: %s", e.getMessage());
        String detail = "Your identity provider cannot be reached right now. Try again in a moment.";
        return ErrorPage.wanted(path(uri), headers)
                ? ErrorPage.render(502, "Identity provider unavailable", detail, null)
                : problem(502, "Bad Gateway", detail, List.of()).build();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return problem(400, "Bad Request", "request body is not valid JSON for this endpoint", List.of()).build();
    }

    /** Well-formed JSON of the wrong shape (an array for an object, an object for a string). */
    @ServerExceptionMapper
    public Response jsonShape(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return problem(400, "Bad Request", "request body does not have the shape this endpoint expects", List.of()).build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri, HttpHeaders headers) {
        List<ApiException.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new ApiException.FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(ApiException.FieldError::field))
                .toList();
        if (ErrorPage.wanted(path(uri), headers)) {
            String fields = String.join(", ", errors.stream().map(ApiException.FieldError::field).toList());
            return ErrorPage.render(400, "Invalid sign-in request", "The request is malformed (" + fields + ").", null);
        }
        return problem(400, "Bad Request", "request failed validation", errors).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri, headers);
        }
        if (status >= 300 && status < 400) {
            return e.getResponse();
        }
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        if (ErrorPage.wanted(path(uri), headers)) {
            return ErrorPage.render(status, title, describe(status), null);
        }
        return problem(status, title, describe(status), List.of()).build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri, HttpHeaders headers) {
        String traceId = HexFormat.of().formatHex(Secrets.randomBytes(8));
        LOG.errorf(e, "unexpected failure, traceId=%s", traceId);
        String detail = "the request could not be completed; quote traceId when reporting it";
        if (ErrorPage.wanted(path(uri), headers)) {
            return ErrorPage.render(500, "Something went wrong", "The sign-in could not be completed.", traceId);
        }
        return Response.status(500).type(Problem.MEDIA_TYPE)
                .entity(new Problem("https://jitsso.io/problems/internal-error", "Internal Server Error", 500,
                        detail, null, traceId, null))
                .build();
    }

    static Response.ResponseBuilder problem(int status, String title, String detail, List<ApiException.FieldError> errors) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, title, detail, null, errors));
    }

    private static String pageTitle(ApiException e) {
        return switch (e.status()) {
            case 403 -> "Access denied";
            case 404 -> "Not found";
            case 502 -> "Service unavailable";
            default -> "Sign-in request rejected";
        };
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    private static String describe(int status) {
        return switch (status) {
            case 400 -> "the request is malformed";
            case 401 -> "authentication is required";
            case 403 -> "access is denied";
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "no acceptable representation";
            case 413 -> "request body too large";
            case 415 -> "unsupported content type";
            default -> "the request cannot be processed";
        };
    }

    /** The JSON name of the violated field: last path node, in the API's snake_case. */
    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        String node = dot < 0 ? path : path.substring(dot + 1);
        return node.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
