package io.jitsso.provisioning.service;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.provisioning.persistence.AuditEntity;
import io.jitsso.provisioning.persistence.AuditRepository;
import io.jitsso.provisioning.persistence.IdentityRepository;
import io.jitsso.provisioning.persistence.RoleEntity;
import io.jitsso.provisioning.persistence.RoleRepository;
import io.jitsso.provisioning.persistence.UserEntity;
import io.jitsso.provisioning.persistence.UserRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Read side of the admin API: users with their provenance, and the audit log (SPEC D3). */
@ApplicationScoped
public class UserDirectory {

    private final UserRepository users;
    private final IdentityRepository identities;
    private final RoleRepository roles;
    private final AuditRepository audit;

    UserDirectory(UserRepository users, IdentityRepository identities, RoleRepository roles, AuditRepository audit) {
        this.users = users;
        this.identities = identities;
        this.roles = roles;
        this.audit = audit;
    }

    /** One page of users, by id after {@code after}; {@code email} and {@code connectionId} filter when given. */
    @WithSession
    public Uni<List<UserSummary>> list(String tenantId, String email, String connectionId, UUID after, int limit) {
        return users.page(tenantId, email, connectionId, after, limit)
                .chain(page -> roles.ofUsers(tenantId, page.stream().map(u -> u.id).toList())
                        .map(grants -> summaries(page, grants)));
    }

    /** The user with its grants and accounts; 404 when the tenant has no such user. */
    @WithSession
    public Uni<UserDetail> get(String tenantId, UUID userId) {
        return users.findInTenant(tenantId, userId)
                .onItem().ifNull().failWith(() -> new ApiException.NotFound("no user " + userId + " in tenant " + tenantId))
                .chain(user -> roles.ofUser(tenantId, userId)
                        .chain(grants -> identities.ofUser(tenantId, userId)
                                .map(accounts -> new UserDetail(user.id, user.tenantId, user.email, user.emailVerified,
                                        user.givenName, user.familyName, user.displayName,
                                        user.custom == null ? Map.of() : user.custom,
                                        effective(grants),
                                        grants.stream().map(g -> new UserDetail.RoleGrant(g.role, g.source, g.grantedAt)).toList(),
                                        accounts.stream().map(a -> new UserDetail.Identity(a.connectionId, a.upstreamSubject,
                                                a.linked, a.accountVersion, a.createdAt)).toList(),
                                        user.version, user.createdAt, user.updatedAt))));
    }

    /** Audit entries newest first, below the cursor {@code before}; of one user when given. */
    @WithSession
    public Uni<List<AuditEntry>> audit(String tenantId, UUID userId, Long before, int limit) {
        return audit.page(tenantId, userId, before, limit).map(entries -> entries.stream().map(UserDirectory::entry).toList());
    }

    private static List<UserSummary> summaries(List<UserEntity> page, List<RoleEntity> grants) {
        Map<UUID, List<RoleEntity>> byUser = grants.stream().collect(Collectors.groupingBy(g -> g.userId));
        return page.stream()
                .map(u -> new UserSummary(u.id, u.email, u.displayName, effective(byUser.getOrDefault(u.id, List.of())),
                        u.version, u.createdAt, u.updatedAt))
                .toList();
    }

    private static List<String> effective(List<RoleEntity> grants) {
        return RolePlan.effective(grants.stream().map(g -> new Grant(g.role, g.source)).toList());
    }

    private static AuditEntry entry(AuditEntity e) {
        return new AuditEntry(e.id, e.occurredAt, e.actor, e.action, e.userId, e.connectionId, e.details);
    }
}
