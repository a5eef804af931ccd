package io.jitsso.gateway.service;

/**
 * The parameters an app sent to {@code /t/{tenant}/authorize}, as received (any may be missing).
 * {@code duplicated} names a parameter that appeared more than once, which OAuth forbids.
 */
public record AuthorizationRequest(
        String responseType,
        String clientId,
        String redirectUri,
        String state,
        String nonce,
        String codeChallenge,
        String codeChallengeMethod,
        String connection,
        String duplicated) {
}
