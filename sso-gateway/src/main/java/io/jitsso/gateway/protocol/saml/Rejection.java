package io.jitsso.gateway.protocol.saml;

/**
 * A failed check of a SAML response or of signed metadata; an {@link IllegalArgumentException}, so metadata
 * checks can report it as a field error. {@link ResponseVerifier#verify} turns it into a
 * {@link ResponseVerifier.Rejected} with this message as its reason.
 */
final class Rejection extends IllegalArgumentException {

    Rejection(String reason) {
        super(reason);
    }

    /** Expected outcome, not a bug: no stack trace to fill. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
