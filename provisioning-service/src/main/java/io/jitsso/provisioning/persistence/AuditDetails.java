package io.jitsso.provisioning.persistence;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What an audit entry records beyond its action; only the fields that apply are set.
 *
 * @param eventId         the event that caused the entry
 * @param upstreamSubject the upstream account that signed in
 * @param accountVersion  the sign-in's version
 * @param jit             whether the connection provisions users
 * @param stale           the sign-in was older than one already applied: audited, not applied
 * @param reason          why a sign-in was denied or a link refused
 * @param rolesGranted    roles the change added (this connection's)
 * @param rolesRemoved    roles the change removed
 * @param usersDowngraded how many users a disconnect downgraded
 * @param clientAddress   the address of the browser that signed in, as the gateway saw it (ADR-29)
 * @param app             the app whose required roles denied the sign-in (ADR-33)
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
// snake_case in the database too, whichever mapper writes the column
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditDetails(
        String eventId,
        String upstreamSubject,
        Long accountVersion,
        Boolean jit,
        Boolean stale,
        String reason,
        List<String> rolesGranted,
        List<String> rolesRemoved,
        Integer usersDowngraded,
        String clientAddress,
        String app) {

    public static AuditDetails none() {
        return new AuditDetails(null, null, null, null, null, null, null, null, null, null, null);
    }

    public AuditDetails asStale() {
        return new AuditDetails(eventId, upstreamSubject, accountVersion, jit, true, reason, rolesGranted, rolesRemoved,
                usersDowngraded, clientAddress, app);
    }

    public AuditDetails withReason(String value) {
        return new AuditDetails(eventId, upstreamSubject, accountVersion, jit, stale, value, rolesGranted, rolesRemoved,
                usersDowngraded, clientAddress, app);
    }

    public AuditDetails withRoles(List<String> granted, List<String> removed) {
        return new AuditDetails(eventId, upstreamSubject, accountVersion, jit, stale, reason, granted, removed, usersDowngraded,
                clientAddress, app);
    }
}
