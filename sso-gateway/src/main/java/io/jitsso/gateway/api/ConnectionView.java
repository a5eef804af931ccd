package io.jitsso.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jitsso.gateway.persistence.ConnectionRecord;
import io.jitsso.gateway.persistence.ConnectionSettings;
import java.time.Instant;
import java.util.List;

/**
 * A connection as the admin API shows it: never the client secret, only whether one is set. The
 * login URL appears once, in the answer to create and reconnect (only its hash is stored).
 *
 * @param upstreamRedirectUri the redirect URI to register at the upstream IdP for this connection
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionView(
        String id,
        String tenantId,
        String name,
        String protocol,
        String status,
        String issuer,
        String clientId,
        boolean clientSecretSet,
        List<String> scopes,
        String roleSource,
        String roleClaim,
        List<ConnectionSettings.RoleRuleSpec> roleMappings,
        String defaultRole,
        ConnectionSettings.AttributeMappingSpec attributeMappings,
        List<String> requiredRoles,
        String requiredRolesMode,
        boolean jit,
        boolean trustUpstreamMfa,
        String appClientId,
        String appRedirectUri,
        String upstreamRedirectUri,
        String loginUrl,
        Integer revokedSessions,
        Instant createdAt,
        Instant updatedAt) {

    static ConnectionView of(ConnectionRecord record, String upstreamRedirectUri, String loginUrl, Integer revokedSessions) {
        ConnectionSettings s = record.settings();
        return new ConnectionView(record.id(), record.tenantId(), s.name(), record.protocol(), record.status().name(),
                s.issuer(), s.clientId(), record.clientSecret() != null && record.clientSecret().length > 0, s.scopes(),
                s.roleSource(), s.roleClaim(), s.roleMappings(), s.defaultRole(), s.attributeMappings(),
                s.requiredRoles(), s.requiredRolesMode(), s.jit(), s.trustUpstreamMfa(), s.appClientId(),
                s.appRedirectUri(), upstreamRedirectUri, loginUrl, revokedSessions, record.createdAt(), record.updatedAt());
    }
}
