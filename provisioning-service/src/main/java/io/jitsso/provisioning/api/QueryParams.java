package io.jitsso.provisioning.api;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.http.PagingParams;
import java.util.UUID;

/**
 * Parses query parameters by hand: JAX-RS answers 404 to a query parameter it cannot convert, and a
 * malformed parameter is the caller's 400.
 */
final class QueryParams {

    static final int MAX_LIMIT = 200;

    private QueryParams() {
    }

    static int limit(String value) {
        return PagingParams.limit(value, MAX_LIMIT);
    }

    /** An optional UUID; null when absent. */
    static UUID uuid(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            UUID parsed = UUID.fromString(value.trim());
            if (parsed.toString().equalsIgnoreCase(value.trim())) {
                return parsed;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ApiException.BadRequest.field(field, "must be a UUID");
    }

    /** An optional positive id cursor; null when absent. */
    static Long cursor(String field, String value) {
        return PagingParams.cursor(field, value);
    }
}
