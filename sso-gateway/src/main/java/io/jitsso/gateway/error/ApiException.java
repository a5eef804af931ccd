package io.jitsso.gateway.error;

import java.util.List;

/**
 * Expected API failures, rendered as RFC 9457 problem+json by {@link ProblemMappers} (or as an error page on
 * the browser-facing flow endpoints). The detail is
 * written for the caller: never a class name, stack trace or secret.
 */
public abstract sealed class ApiException extends RuntimeException
        permits ApiException.BadRequest, ApiException.Unauthorized, ApiException.Forbidden,
        ApiException.NotFound, ApiException.Conflict, ApiException.BadGateway, ApiException.ServiceUnavailable {

    private final int status;
    private final String title;

    protected ApiException(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    /** Problem type URI suffix, e.g. {@code bad-request}. */
    public String type() {
        return title.toLowerCase().replace(' ', '-');
    }

    /** A field of the request and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    public static final class BadRequest extends ApiException {
        private final List<FieldError> errors;

        public BadRequest(String detail, List<FieldError> errors) {
            super(400, "Bad Request", detail);
            this.errors = List.copyOf(errors);
        }

        public BadRequest(String detail) {
            this(detail, List.of());
        }

        public static BadRequest field(String field, String message) {
            return new BadRequest(field + ": " + message, List.of(new FieldError(field, message)));
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    /** The caller's credential is missing or invalid. */
    public static final class Unauthorized extends ApiException {
        private final String challenge;

        public Unauthorized(String detail, String challenge) {
            super(401, "Unauthorized", detail);
            this.challenge = challenge;
        }

        public String challenge() {
            return challenge;
        }
    }

    public static final class Forbidden extends ApiException {
        public Forbidden(String detail) {
            super(403, "Forbidden", detail);
        }
    }

    public static final class NotFound extends ApiException {
        public NotFound(String detail) {
            super(404, "Not Found", detail);
        }
    }

    public static final class Conflict extends ApiException {
        public Conflict(String detail) {
            super(409, "Conflict", detail);
        }
    }

    /** A service this one depends on failed or is unreachable; the caller may retry later. */
    public static final class BadGateway extends ApiException {
        public BadGateway(String detail) {
            super(502, "Bad Gateway", detail);
        }
    }

    /** Something this request needs is temporarily unavailable; the caller may retry. */
    public static final class ServiceUnavailable extends ApiException {
        public ServiceUnavailable(String detail) {
            super(503, "Service Unavailable", detail);
        }
    }
}
