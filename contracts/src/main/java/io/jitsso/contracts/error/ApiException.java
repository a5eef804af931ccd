package io.jitsso.contracts.error;

import java.util.List;

/**
 * Expected API failures of every service of the suite, rendered as RFC 9457 problem+json by
 * {@link Problems} (each service's ProblemMappers registers the mappers; sso-gateway may answer with an
 * error page on its browser-facing flow endpoints instead). The detail is written for the caller: never a
 * class name, stack trace, secret or password.
 */
public abstract sealed class ApiException extends RuntimeException
        permits ApiException.BadRequest, ApiException.SignInFailed, ApiException.Unauthorized, ApiException.Forbidden,
        ApiException.NotFound, ApiException.Conflict, ApiException.Unprocessable, ApiException.TooManyRequests,
        ApiException.BadGateway, ApiException.ServiceUnavailable {

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

        public static BadRequest fields(List<FieldError> errors) {
            return new BadRequest("request failed validation", errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    /**
     * The user's credential was not accepted (migration-service's sign-in API): one reply for an unknown
     * identifier and a wrong credential alike (no user enumeration). A 400, not a 401: the app's own
     * credential was fine.
     */
    public static final class SignInFailed extends ApiException {
        public static final String DETAIL = "the identifier or the credential is not correct";

        public SignInFailed() {
            super(400, "Sign-in Failed", DETAIL);
        }
    }

    /** The caller's credential is missing or invalid; the challenge, if any, becomes WWW-Authenticate. */
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

    /** A valid credential that does not reach this resource. */
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

    /** Well-formed and authenticated, but it cannot be done (e.g. the source profile lacks a required attribute). */
    public static final class Unprocessable extends ApiException {
        public Unprocessable(String detail) {
            super(422, "Unprocessable Content", detail);
        }
    }

    /**
     * A rate limit or a lockout; the caller may retry after {@link #retryAfterSeconds()}, never less than a
     * second (Retry-After: 0 would invite an immediate retry).
     */
    public static final class TooManyRequests extends ApiException {
        private final long retryAfterSeconds;

        public TooManyRequests(String detail, long retryAfterSeconds) {
            super(429, "Too Many Requests", detail);
            this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** A service this one depends on failed or is unreachable; the caller may retry later. */
    public static final class BadGateway extends ApiException {
        public BadGateway(String detail) {
            super(502, "Bad Gateway", detail);
        }
    }

    /** Something this request needs is temporarily unavailable; the caller may retry. The reply never says more. */
    public static final class ServiceUnavailable extends ApiException {
        public ServiceUnavailable(String detail) {
            super(503, "Service Unavailable", detail);
        }
    }
}
