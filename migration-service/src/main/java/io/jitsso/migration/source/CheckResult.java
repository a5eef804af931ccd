package io.jitsso.migration.source;

/**
 * What a source said about a credential. A wrong credential ({@link Rejected}) and a source that could
 * not answer ({@link Unavailable}) are different results here, and only here: the app's user sees one
 * generic failure for wrong credentials, and a generic "try again later" for outages.
 */
public sealed interface CheckResult {

    /** The source accepted the credential and described the user. */
    record Verified(SourceProfile profile) implements CheckResult {
    }

    /** The source refused the credential (wrong password, unknown user, disabled account: the source decides). */
    record Rejected() implements CheckResult {
    }

    /**
     * The source did not give a usable answer: unreachable, timed out, 5xx, rate limited, an answer over
     * the size cap, or refused our own client credentials ({@code reason} is a fixed code, for progress
     * counters and logs).
     */
    record Unavailable(String reason) implements CheckResult {
        public static final String UNREACHABLE = "source_unreachable";
        public static final String ERROR = "source_error";
        public static final String MISCONFIGURED = "source_misconfigured";
        public static final String OVERSIZED = "source_oversized";
    }
}
