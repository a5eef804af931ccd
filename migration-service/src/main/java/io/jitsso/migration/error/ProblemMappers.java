package io.jitsso.migration.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.error.Problems;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure leaves as problem+json (the suite's answers, {@link Problems}): no framework error page,
 * no class name, no stack trace. Unexpected failures are logged with a trace id that the response repeats.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return Problems.of(e);
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
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        return Problems.status(status, Problems.describeNamingAccess(status));
    }

    @ServerExceptionMapper(priority = Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        String refused = Problems.refusedData(e);
        if (refused != null) {
            LOG.warnf("the database refused a value of the request (SQLSTATE %s)", refused);
            return Problems.status(400, Problems.REFUSED_DATA);
        }
        String traceId = Problems.newTraceId();
        // the class and message only: a stack trace of a sign-in could carry request values
        LOG.errorf("unexpected failure, traceId=%s: %s", traceId, e.getClass().getName());
        LOG.debugf(e, "unexpected failure, traceId=%s", traceId);
        return Problems.internalError(traceId);
    }
}
