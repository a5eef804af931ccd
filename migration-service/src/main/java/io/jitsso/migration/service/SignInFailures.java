package io.jitsso.migration.service;

/** The reasons failures are counted under in the progress API (SPEC B5). */
public final class SignInFailures {

    /** The source refused the credential (wrong password or unknown there). */
    public static final String REJECTED_BY_SOURCE = "rejected_by_source";
    /** A migrated user's local password check failed. */
    public static final String WRONG_PASSWORD = "wrong_password";
    /** The source's profile does not satisfy the tenant's user schema. */
    public static final String PROFILE_INVALID = "profile_invalid";
    /** The identifier was locked after repeated failures. */
    public static final String LOCKED_OUT = "locked_out";

    private SignInFailures() {
    }
}
