package io.jitsso.contracts.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * RFC 9457 problem details, the one shape every service of the suite answers with. {@code message}
 * repeats the detail for clients written against session APIs that read {@code message} (SPEC C2's
 * "Session not found"). Each service registers this record for reflection (its NativeReflection).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String message,
        String traceId,
        List<ApiException.FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://jitsso.io/problems/";

    /** An expected failure: its type named after its title, {@code message} repeating the detail, no trace id. */
    public static Problem of(int status, String title, String detail, List<ApiException.FieldError> errors) {
        String type = TYPE_BASE + title.toLowerCase().replace(' ', '-');
        return new Problem(type, title, status, detail, detail, null, errors);
    }

    /** An unexpected failure: nothing about what broke, only the trace id its log line carries. */
    public static Problem internalError(String traceId) {
        return new Problem(TYPE_BASE + "internal-error", "Internal Server Error", 500,
                "the request could not be completed; quote traceId when reporting it", null, traceId, null);
    }
}
