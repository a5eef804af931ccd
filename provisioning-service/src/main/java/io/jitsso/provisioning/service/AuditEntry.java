package io.jitsso.provisioning.service;

import io.jitsso.provisioning.persistence.AuditDetails;
import java.time.Instant;
import java.util.UUID;

/** One audit log entry as the admin API shows it. */
public record AuditEntry(long id, Instant occurredAt, String actor, String action, UUID userId, String connectionId,
        AuditDetails details) {
}
