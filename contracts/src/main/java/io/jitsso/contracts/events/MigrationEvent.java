package io.jitsso.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A user moved off a legacy source IdP (SPEC B2, B5, D1), published by migration-service once per user,
 * in the transaction that stored the user's local credential. The user itself reaches
 * provisioning-service as a {@link SignInEvent} of protocol {@code migration}; this event is the fact
 * "migrated", for progress dashboards and audit. Keyed by {@code tenant:userId}.
 *
 * @param schemaVersion version of this record's shape
 * @param eventId       unique per event
 * @param tenantId      tenant
 * @param userId        the platform user id (the {@code sub} of the user's tokens)
 * @param sourceId      the source the credential was checked at
 * @param sourceType    the source's connector type ({@code oauth2_password}, {@code http_credential_check} …)
 * @param sourceSubject the user's subject at the source
 * @param clientId      the app through which the user signed in
 * @param occurredAt    when the user was migrated
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MigrationEvent(
        int schemaVersion,
        String eventId,
        String tenantId,
        String userId,
        String sourceId,
        String sourceType,
        String sourceSubject,
        String clientId,
        Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;

    public String topic() {
        return Topics.MIGRATION_MIGRATED;
    }

    public String key() {
        return Topics.key(tenantId, userId);
    }
}
