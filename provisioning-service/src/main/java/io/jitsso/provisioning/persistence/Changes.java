package io.jitsso.provisioning.persistence;

import io.jitsso.contracts.outbox.OutboxRecord;
import java.util.List;

/**
 * What a unit of work changed, as rows: written by {@link ChangeWriter} with one statement per kind.
 *
 * @param newUsers         users to insert
 * @param changedUsers     users whose profile or version changed
 * @param newAccounts      upstream accounts to insert
 * @param advancedAccounts accounts whose last applied sign-in version increased
 * @param removedGrants    role grants to delete
 * @param addedGrants      role grants to insert
 * @param audit            audit entries, oldest first
 * @param events           user events for the outbox, in the order they happened
 */
public record Changes(List<UserEntity> newUsers, List<UserEntity> changedUsers, List<IdentityEntity> newAccounts,
        List<IdentityEntity> advancedAccounts, List<RoleEntity> removedGrants, List<RoleEntity> addedGrants,
        List<AuditEntity> audit, List<OutboxRecord> events) {

    public boolean isEmpty() {
        return newUsers.isEmpty() && changedUsers.isEmpty() && newAccounts.isEmpty() && advancedAccounts.isEmpty()
                && removedGrants.isEmpty() && addedGrants.isEmpty() && audit.isEmpty() && events.isEmpty();
    }
}
