package io.jitsso.contracts.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire format every service answers with; the mappers' responses are checked by each service's API tests. */
class ProblemsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anExpectedFailureIsTypedByItsTitleAndRepeatsItsDetailAsMessage() throws Exception {
        ApiException.BadRequest bad = ApiException.BadRequest.field("limit", "must be at most 500");
        Problem problem = Problem.of(bad.status(), bad.title(), bad.detail(), bad.errors());

        assertEquals("{\"type\":\"https://jitsso.io/problems/bad-request\",\"title\":\"Bad Request\",\"status\":400,"
                + "\"detail\":\"limit: must be at most 500\",\"message\":\"limit: must be at most 500\","
                + "\"errors\":[{\"field\":\"limit\",\"message\":\"must be at most 500\"}]}", json.writeValueAsString(problem));
    }

    @Test
    void emptyFieldsAndNoTraceIdAreLeftOut() throws Exception {
        ApiException failed = new ApiException.SignInFailed();

        assertEquals("{\"type\":\"https://jitsso.io/problems/sign-in-failed\",\"title\":\"Sign-in Failed\",\"status\":400,"
                + "\"detail\":\"" + ApiException.SignInFailed.DETAIL + "\",\"message\":\"" + ApiException.SignInFailed.DETAIL
                + "\"}", json.writeValueAsString(Problem.of(failed.status(), failed.title(), failed.detail(), List.of())));
    }

    @Test
    void anUnexpectedFailureSaysNothingButItsTraceId() throws Exception {
        assertEquals("{\"type\":\"https://jitsso.io/problems/internal-error\",\"title\":\"Internal Server Error\","
                + "\"status\":500,\"detail\":\"the request could not be completed; quote traceId when reporting it\","
                + "\"traceId\":\"0123456789abcdef\"}", json.writeValueAsString(Problem.internalError("0123456789abcdef")));
    }

    @Test
    void onlyTheGatewayAndMigrationNameTheAccessStatuses() {
        assertEquals("the request cannot be processed", Problems.describe(401));
        assertEquals("the request cannot be processed", Problems.describe(403));
        assertEquals("authentication is required", Problems.describeNamingAccess(401));
        assertEquals("access is denied", Problems.describeNamingAccess(403));
        for (int status : new int[] {400, 404, 405, 406, 413, 415, 418}) {
            assertEquals(Problems.describe(status), Problems.describeNamingAccess(status));
        }
    }

    @Test
    void aViolatedFieldIsNamedByItsLastPathNodeInSnakeCase() {
        assertEquals("redirect_uris", Problems.jsonName("create.body.redirectUris"));
        assertEquals("limit", Problems.jsonName("limit"));
    }

    @Test
    void aRateLimitNeverAsksForARetryInLessThanASecond() {
        assertEquals(1, new ApiException.TooManyRequests("slow down", 0).retryAfterSeconds());
        assertEquals(30, new ApiException.TooManyRequests("slow down", 30).retryAfterSeconds());
    }
}
