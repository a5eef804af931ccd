package io.jitsso.gateway.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.error.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationCompletionException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure leaves as problem+json (the suite's answers, {@link Problems}), or as a readable error
 * page on the browser-facing sign-in endpoints: no framework error page, no class name, no stack trace.
 * Unexpected failures are logged with a trace id that the response repeats.
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
        return Problems.of(e);
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
                : Problems.problem(401, "Unauthorized", detail, List.of()).build();
    }

    /** The upstream IdP is unreachable or its discovery document is unusable. */
    @ServerExceptionMapper
    public Response upstreamUnavailable(OIDCException e, UriInfo uri, HttpHeaders headers) {
        LOG.warnf("upstream identity provider unavailable: %s", e.getMessage());
        String detail = "Your identity provider cannot be reached right now. Try again in a moment.";
        return ErrorPage.wanted(path(uri), headers)
                ? ErrorPage.render(502, "Identity provider unavailable", detail, null)
                : Problems.problem(502, "Bad Gateway", detail, List.of()).build();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return Problems.invalidJson();
    }

    @ServerExceptionMapper
    public Response jsonShape(MismatchedInputException e) {
        return Problems.wrongJsonShape();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri, HttpHeaders headers) {
        if (ErrorPage.wanted(path(uri), headers)) {
            String fields = Problems.fieldErrors(e).stream().map(ApiException.FieldError::field)
                    .collect(Collectors.joining(", "));
            return ErrorPage.render(400, "Invalid sign-in request", "The request is malformed (" + fields + ").", null);
        }
        return Problems.invalid(e);
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
        if (ErrorPage.wanted(path(uri), headers)) {
            return ErrorPage.render(status, Problems.reasonPhrase(status), Problems.describeNamingAccess(status), null);
        }
        return Problems.status(status, Problems.describeNamingAccess(status));
    }

    @ServerExceptionMapper(priority = Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri, HttpHeaders headers) {
        String refused = Problems.refusedData(e);
        if (refused != null) {
            LOG.warnf("the database refused a value of the request (SQLSTATE %s)", refused);
            return ErrorPage.wanted(path(uri), headers)
                    ? ErrorPage.render(400, "Invalid request", "A value in the request cannot be used.", null)
                    : Problems.status(400, Problems.REFUSED_DATA);
        }
        String traceId = Problems.newTraceId();
        LOG.errorf(e, "unexpected failure, traceId=%s", traceId);
        if (ErrorPage.wanted(path(uri), headers)) {
            return ErrorPage.render(500, "Something went wrong", "The sign-in could not be completed.", traceId);
        }
        return Problems.internalError(traceId);
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
}
