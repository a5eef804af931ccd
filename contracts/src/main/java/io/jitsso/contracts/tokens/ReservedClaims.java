package io.jitsso.contracts.tokens;

import java.util.Set;

/**
 * Claim names the suite sets itself in the tokens session-service mints: a session's own claims may not carry
 * them (session-service refuses such a session), so no service may let a tenant configure an attribute under
 * one of these names. One list, so that a claim added here is refused everywhere at once.
 */
public final class ReservedClaims {

    public static final Set<String> NAMES = Set.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti", "azp",
            "auth_time", "amr", "sid", "client_id", "nonce", "at_hash", "c_hash", "typ", "scope", "acr", "cnf",
            "break_glass", "break_glass_version");

    private ReservedClaims() {
    }
}
