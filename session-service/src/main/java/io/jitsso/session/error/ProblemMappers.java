package io.jitsso.session.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.error.Problems;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.HexFormat;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure leaves as problem+json (the suite's answers, {@link Problems}), or in the OAuth error
 * format on the token endpoint: no framework error page, no class name, no stack trace. Unexpected
 * failures are logged with a trace id that the response repeats.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return Problems.of(e);
    }

    @ServerExceptionMapper
    public Response oauth(OAuthException e) {
        Response.ResponseBuilder response = Response.status(e.status())
                .type("application/json")
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .entity(new OAuthError(e.error(), e.getMessage()));
        if (e.basicChallenge()) {
            response.header("WWW-Authenticate", "Basic realm=\"jitsso\"");
        }
        if (e.retryAfterSeconds() > 0) {
            response.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return response.build();
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
    public Response validation(ConstraintViolationException e) {
        return Problems.invalid(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        if (uri != null && uri.getPath().endsWith("/oauth2/token")) {
            return oauth(OAuthException.invalidRequest(Problems.describe(status)));
        }
        return Problems.status(status, Problems.describe(status));
    }

    @ServerExceptionMapper(priority = Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        String refused = Problems.refusedData(e);
        if (refused != null) {
            LOG.warnf("the database refused a value of the request (SQLSTATE %s)", refused);
            return uri != null && uri.getPath().endsWith("/oauth2/token")
                    ? oauth(OAuthException.invalidRequest(Problems.REFUSED_DATA))
                    : Problems.status(400, Problems.REFUSED_DATA);
        }
        String traceId = traceId();
        LOG.errorf(e, "unexpected failure, traceId=%s", traceId);
        return Problems.internalError(traceId);
    }

    /** The request's OpenTelemetry trace id when tracing is on, so logs, traces and the answer agree. */
    private static String traceId() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : HexFormat.of().formatHex(Secrets.randomBytes(16));
    }
}
