package io.jitsso.session.error;

/**
 * An OAuth 2.0 error response (RFC 6749 section 5.2) from the token endpoint:
 * {@code {"error": "...", "error_description": "..."}}.
 */
public final class OAuthException extends RuntimeException {

    private final String error;
    private final int status;
    private final boolean basicChallenge;

    private OAuthException(String error, String description, int status, boolean basicChallenge) {
        super(description, null, false, false);
        this.error = error;
        this.status = status;
        this.basicChallenge = basicChallenge;
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException("invalid_request", description, 400, false);
    }

    /** Client authentication failed; {@code viaHeader} answers 401 with a Basic challenge (RFC 6749). */
    public static OAuthException invalidClient(boolean viaHeader) {
        return new OAuthException("invalid_client", "client authentication failed", viaHeader ? 401 : 400, viaHeader);
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
}
