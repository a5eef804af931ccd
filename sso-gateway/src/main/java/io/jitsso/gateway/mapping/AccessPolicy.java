package io.jitsso.gateway.mapping;

import io.jitsso.contracts.profile.RequiredRoles;
import java.util.List;

/**
 * A connection's access policy (SPEC A5) over the mapped platform roles: its {@link RequiredRoles}. An app's
 * required roles are session-service's to check (ADR-33); the gateway records the denial it answers.
 */
public record AccessPolicy(RequiredRoles required) {

    /** The outcome of a sign-in under the policy. */
    public sealed interface Decision {
    }

    public record Verified() implements Decision {
    }

    /** Error code of a sign-in whose mapped roles miss the connection's required ones. */
    public static final String REQUIRED_ROLES_MISSING = "required_roles_missing";
    /** Error code of a sign-in whose mapped roles miss the required roles of the app it was for (ADR-33). */
    public static final String APP_ROLES_MISSING = "app_roles_missing";

    /**
     * @param error  a stable error code (documented in docs/api/sso-gateway.md), shown on the denial page
     * @param reason shown to the user and carried by the denied event
     * @param app    the client id of the app whose required roles denied the sign-in; null when the connection's
     *               policy (its required roles or MFA requirement) denied it
     */
    public record Rejected(String error, String reason, String app) implements Decision {

        public Rejected(String error, String reason) {
            this(error, reason, null);
        }
    }

    public AccessPolicy {
        if (required == null) {
            throw new IllegalArgumentException("required roles must be given");
        }
    }

    public AccessPolicy(List<String> requiredRoles, RequiredRoles.Mode mode) {
        this(new RequiredRoles(requiredRoles, mode));
    }

    public Decision evaluate(List<String> mappedRoles) {
        if (required.allows(mappedRoles)) {
            return new Verified();
        }
        return new Rejected(REQUIRED_ROLES_MISSING, "This sign-in requires " + required.describe()
                + "; your identity provider grants " + RequiredRoles.describeGranted(mappedRoles) + ".");
    }
}
