package io.jitsso.provisioning.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A user with provenance: every role grant with its source, every upstream account.
 *
 * @param effectiveRoles the distinct roles over every source, sorted
 * @param roles          each grant with the source that made it
 * @param identities     the upstream accounts that sign in as this user
 */
public record UserDetail(UUID id, String tenantId, String email, boolean emailVerified, String givenName,
        String familyName, String displayName, Map<String, String> custom, List<String> effectiveRoles,
        List<RoleGrant> roles, List<Identity> identities, long version, Instant createdAt, Instant updatedAt) {

    public record RoleGrant(String role, String source, Instant grantedAt) {
    }

    /**
     * @param accountVersion the last sign-in version applied through this account
     * @param linked         attached to an existing user by account linking
     */
    public record Identity(String connectionId, String upstreamSubject, boolean linked, long accountVersion,
            Instant createdAt) {
    }
}
