package io.jitsso.migration.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * RFC 9457 problem details, the same shape as the other services ({@code message} repeats the detail).
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

    public static Problem of(int status, String title, String detail, String traceId, List<ApiException.FieldError> errors) {
        String type = TYPE_BASE + title.toLowerCase().replace(' ', '-');
        return new Problem(type, title, status, detail, detail, traceId, errors);
    }
}
