package io.jitsso.session.error;

import io.jitsso.contracts.error.ApiException;

/**
 * The one answer for a session that is unknown, expired, logged out, revoked or another tenant's:
 * HTTP 400 "Session not found" (SPEC C2). One message for all, so callers learn nothing more.
 */
public final class SessionNotFound {

    public static final String MESSAGE = "Session not found";

    private SessionNotFound() {
    }

    public static ApiException.BadRequest error() {
        return new ApiException.BadRequest(MESSAGE);
    }
}
