package io.jitsso.session.service;

/** An app authenticated by a client access token of one tenant. */
public record ClientPrincipal(String tenantId, String clientId, long expiresAtEpochSecond) {
}
