package io.jitsso.session.error;

/**
 * An OAuth 2.0 error response (RFC 6749 section 5.2) from the token endpoint:
 * {@code {"error": "...", "error_description": "..."}}.
 */
public final class OAuthException extends RuntimeException {

    private final String error;
    private final int status;
    private final boolean basicChallenge;
    private final long retryAfterSeconds;

    private OAuthException(String error, String description, int status, boolean basicChallenge) {
        this(error, description, status, basicChallenge, 0);
    }

    private OAuthException(String error, String description, int status, boolean basicChallenge, long retryAfterSeconds) {
        super(description, null, false, false);
        this.error = error;
        this.status = status;
        this.basicChallenge = basicChallenge;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException("invalid_request", description, 400, false);
    }

    /** Client authentication failed; {@code viaHeader} answers 401 with a Basic challenge (RFC 6749). */
    public static OAuthException invalidClient(boolean viaHeader) {
        return new OAuthException("invalid_client", "client authentication failed", viaHeader ? 401 : 400, viaHeader);
    }

    /**
     * The client's budget of wrong secrets on this replica is spent: 429 with {@code Retry-After} (at least a
     * second). RFC 6749 has no error code for a rate limit, so the body stays {@code invalid_client}. No Basic
     * challenge: the answer asks the client to wait, not for credentials (RFC 6749 5.2 ties it to 401).
     */
    public static OAuthException clientThrottled(long retryAfterSeconds) {
        return new OAuthException("invalid_client", "too many failed client authentications, retry later", 429, false,
                Math.max(1, retryAfterSeconds));
    }

    public static OAuthException unsupportedGrantType(String grantType) {
        return new OAuthException("unsupported_grant_type",
                grantType == null ? "grant_type is required" : "grant_type is not supported", 400, false);
    }

    public static OAuthException unauthorizedClient(String description) {
        return new OAuthException("unauthorized_client", description, 400, false);
    }

    public static OAuthException invalidGrant(String description) {
        return new OAuthException("invalid_grant", description, 400, false);
    }

    public static OAuthException invalidScope(String description) {
        return new OAuthException("invalid_scope", description, 400, false);
    }

    public String error() {
        return error;
    }

    public int status() {
        return status;
    }

    public boolean basicChallenge() {
        return basicChallenge;
    }

    /** Seconds for {@code Retry-After}; 0 when the answer carries none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
