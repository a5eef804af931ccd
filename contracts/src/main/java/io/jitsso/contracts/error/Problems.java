package io.jitsso.contracts.error;

import io.jitsso.contracts.crypto.Secrets;
import io.vertx.sqlclient.DatabaseException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The problem+json answers every service of the suite gives alike: no framework error page, no class
 * name, no stack trace.
 *
 * <p>Each service keeps its own {@code error.ProblemMappers} with the {@code @ServerExceptionMapper}
 * methods, which delegate here: Quarkus looks for those methods only in indexed classes, and this jar
 * has no Jandex index (giving it one would also make its classes beans and providers of every service).
 * What a service answers differently stays in its mappers: sso-gateway's error pages, session-service's
 * OAuth errors on the token endpoint, which sentence a bare status gets, and how an unexpected failure
 * is logged (under the service's own logger).
 */
public final class Problems {

    private Problems() {
    }

    /**
     * An expected failure: its status, title and detail, the fields of a bad request, WWW-Authenticate
     * when it carries a challenge and Retry-After for a rate limit or a lockout.
     */
    public static Response of(ApiException e) {
        List<ApiException.FieldError> errors = e instanceof ApiException.BadRequest bad ? bad.errors() : List.of();
        Response.ResponseBuilder response = problem(e.status(), e.title(), e.detail(), errors);
        if (e instanceof ApiException.Unauthorized unauthorized && unauthorized.challenge() != null) {
            response.header("WWW-Authenticate", unauthorized.challenge());
        }
        if (e instanceof ApiException.TooManyRequests limited) {
            response.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
        }
        return response.build();
    }

    public static Response.ResponseBuilder problem(int status, String title, String detail,
            List<ApiException.FieldError> errors) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(Problem.of(status, title, detail, errors));
    }

    /** A body that is not JSON. The parser's message may quote the body (a password): never repeat or log it. */
    public static Response invalidJson() {
        return problem(400, "Bad Request", "request body is not valid JSON for this endpoint", List.of()).build();
    }

    /** Well-formed JSON of the wrong shape (an array for an object, an object for a string). */
    public static Response wrongJsonShape() {
        return problem(400, "Bad Request", "request body does not have the shape this endpoint expects", List.of())
                .build();
    }

    /** Bean validation failed: every violated field by its JSON name, in name order. */
    public static Response invalid(ConstraintViolationException e) {
        return problem(400, "Bad Request", "request failed validation", fieldErrors(e)).build();
    }

    public static List<ApiException.FieldError> fieldErrors(ConstraintViolationException e) {
        return e.getConstraintViolations().stream()
                .map(v -> new ApiException.FieldError(jsonName(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(ApiException.FieldError::field))
                .toList();
    }

    /** A bare status the framework raised (no such path, wrong method, unsupported media type ...). */
    public static Response status(int status, String detail) {
        return problem(status, reasonPhrase(status), detail, List.of()).build();
    }

    public static String reasonPhrase(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    /**
     * One sentence for a bare status. 401 and 403 get the generic sentence here: session-service and
     * provisioning-service have always answered them so; see {@link #describeNamingAccess}.
     */
    public static String describe(int status) {
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

    /** {@link #describe}, with a sentence of their own for 401 and 403 (sso-gateway, migration-service). */
    public static String describeNamingAccess(int status) {
        return switch (status) {
            case 401 -> "authentication is required";
            case 403 -> "access is denied";
            default -> describe(status);
        };
    }

    /**
     * A trace id for an unexpected failure: the service logs it, the answer repeats it. From Secrets, whose
     * generator is made at run time even in a native image (a static one here would be built in).
     */
    public static String newTraceId() {
        return HexFormat.of().formatHex(Secrets.randomBytes(8));
    }

    /**
     * The SQLSTATE when the database refused a value of the request as data, else null: class 22 (a NUL
     * character in a path or a JSON string, text that is no uuid, a value too long or out of range), found
     * anywhere in the failure's causes. Such a statement changed nothing, and the request gets a 400 instead of
     * a 500. Division by zero (22012) is our arithmetic, not the caller's input, and stays unexpected.
     */
    public static String refusedData(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
            if (cause instanceof DatabaseException database) {
                String state = database.getSqlState();
                return state != null && state.startsWith("22") && !state.equals("22012") ? state : null;
            }
        }
        return null;
    }

    /** The answer to {@link #refusedData}: what was wrong, without repeating the value. */
    public static final String REFUSED_DATA = "a value in the request cannot be used (a control character, or malformed or out of range)";

    /** An unexpected failure, after the service has logged it with {@code traceId}. */
    public static Response internalError(String traceId) {
        return Response.status(500).type(Problem.MEDIA_TYPE).entity(Problem.internalError(traceId)).build();
    }

    /** The JSON name of a violated field: the path's last node, in the API's snake_case. */
    static String jsonName(String path) {
        int dot = path.lastIndexOf('.');
        String node = dot < 0 ? path : path.substring(dot + 1);
        return node.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
