package io.jitsso.gateway.service;

/**
 * Who made an admin change, for the connection audit (ADR-31): {@code operator}, a tenant admin's user id, or
 * {@code break-glass:<user name>}; and the client address the request came from (ADR-29), when known.
 */
public record AdminActor(String name, String clientAddress) {
}
