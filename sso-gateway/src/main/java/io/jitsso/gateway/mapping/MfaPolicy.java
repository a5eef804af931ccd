package io.jitsso.gateway.mapping;

import java.util.List;
import java.util.Optional;

/**
 * A connection's multi-factor requirement for federated sign-ins (SPEC A7). When MFA is required, a
 * sign-in meets it in one of two ways: the connection trusts the upstream's MFA and the upstream
 * asserted it ({@code amr} contains {@code mfa}), or the connection's declarative rule skips local MFA
 * for federated sign-ins. Otherwise a local second factor would be needed, and that needs a local
 * account: with JIT off there is none, so the sign-in fails with {@link #LOCAL_ACCOUNT_REQUIRED}.
 * With JIT on there is an account, but the suite has no local second factor yet (SPEC C6 step-up is
 * not built), so the sign-in fails with {@link #NOT_PERFORMED} rather than pass without MFA.
 *
 * @param required              sign-ins through the connection must be multi-factor
 * @param trustUpstream         the upstream's {@code amr: mfa} satisfies the requirement
 * @param skipLocalForFederated the declarative rule: federated sign-ins need no local MFA
 */
public record MfaPolicy(boolean required, boolean trustUpstream, boolean skipLocalForFederated) {

    /** Error code when MFA is required, not met upstream, and the connection stores no accounts (JIT off). */
    public static final String LOCAL_ACCOUNT_REQUIRED = "mfa_local_account_required";
    /** Error code when MFA is required and not met upstream, and no local second factor is available. */
    public static final String NOT_PERFORMED = "mfa_not_performed";
    static final String MFA = "mfa";

    /** Why a sign-in fails the requirement: a stable error code and a sentence for the user. */
    public record Unmet(String error, String reason) {
    }

    /** Empty when the sign-in may continue to the access policy. */
    public Optional<Unmet> check(List<String> upstreamAmr, boolean jit) {
        if (!required || skipLocalForFederated || (trustUpstream && upstreamAmr.contains(MFA))) {
            return Optional.empty();
        }
        String upstream = trustUpstream
                ? "Your identity provider did not report a multi-factor sign-in."
                : "This connection does not accept your identity provider's multi-factor sign-in in place of a local one.";
        if (!jit) {
            return Optional.of(new Unmet(LOCAL_ACCOUNT_REQUIRED, "This sign-in requires multi-factor authentication. "
                    + upstream + " A local second factor needs a local account, and this connection keeps none (JIT off)."));
        }
        return Optional.of(new Unmet(NOT_PERFORMED, "This sign-in requires multi-factor authentication. " + upstream
                + " Sign in again with a second factor at your identity provider."));
    }
}
