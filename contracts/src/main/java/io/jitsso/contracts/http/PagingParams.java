package io.jitsso.contracts.http;

import io.jitsso.contracts.error.ApiException;

/**
 * The paging parameters of the admin APIs' audit lists, parsed by hand: JAX-RS answers 404 to a query parameter it
 * cannot convert, and a malformed parameter is the caller's 400.
 */
public final class PagingParams {

    public static final int DEFAULT_LIMIT = 50;

    private PagingParams() {
    }

    /** {@code limit}: a whole number from 1 to {@code max}; {@link #DEFAULT_LIMIT} when absent. */
    public static int limit(String value, int max) {
        if (value == null || value.isBlank()) {
            return Math.min(DEFAULT_LIMIT, max);
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.BadRequest.field("limit", "must be a whole number from 1 to " + max);
    }

    /** An optional positive id cursor ({@code before}, {@code after}); null when absent. */
    public static Long cursor(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long cursor = Long.parseLong(value.trim());
            if (cursor > 0) {
                return cursor;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.BadRequest.field(field, "must be a positive audit entry id");
    }
}
