package io.jitsso.provisioning.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.jitsso.contracts.crypto.Secrets;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure leaves as problem+json: no framework error page, no class name, no stack trace.
 * Unexpected failures are logged with a trace id that the response repeats.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        List<ApiException.FieldError> errors = e instanceof ApiException.BadRequest bad ? bad.errors() : List.of();
        Response.ResponseBuilder response = problem(e.status(), e.title(), e.detail(), errors);
        if (e instanceof ApiException.Unauthorized unauthorized && unauthorized.challenge() != null) {
            response.header("WWW-Authenticate", unauthorized.challenge());
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return problem(400, "Bad Request", "request body is not valid JSON for this endpoint", List.of()).build();
    }

    /** Well-formed JSON of the wrong shape (an array for an object, an object for a string). */
    @ServerExceptionMapper
    public Response jsonShape(MismatchedInputException e) {
        return problem(400, "Bad Request", "request body does not have the shape this endpoint expects", List.of()).build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<ApiException.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new ApiException.FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(ApiException.FieldError::field))
                .toList();
        return problem(400, "Bad Request", "request failed validation", errors).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        return problem(status, known == null ? "Error" : known.getReasonPhrase(), describe(status), List.of()).build();
    }

    @ServerExceptionMapper(priority = Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        // Secrets' generator is made at run time even in a native image; a static one here would be built in
        String traceId = HexFormat.of().formatHex(Secrets.randomBytes(8));
        LOG.errorf(e, "unexpected failure, traceId=%s", traceId);
        return Response.status(500).type(Problem.MEDIA_TYPE)
                .entity(new Problem("https://jitsso.io/problems/internal-error", "Internal Server Error", 500,
                        "the request could not be completed; quote traceId when reporting it", null, traceId, null))
                .build();
    }

    static Response.ResponseBuilder problem(int status, String title, String detail, List<ApiException.FieldError> errors) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(Problem.of(status, title, detail, errors));
    }

    private static String describe(int status) {
        return switch (status) {
            case 400 -> "the request is malformed";
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
