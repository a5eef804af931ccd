package io.jitsso.provisioning.persistence;

/** An upstream account: the subject at one connection of one tenant (the key of {@code user_identity}). */
public record AccountKey(String tenantId, String connectionId, String upstreamSubject) {
}
