package io.jitsso.provisioning.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user in a list: effective roles only. */
public record UserSummary(UUID id, String email, String displayName, List<String> roles, long version,
        Instant createdAt, Instant updatedAt) {
}
