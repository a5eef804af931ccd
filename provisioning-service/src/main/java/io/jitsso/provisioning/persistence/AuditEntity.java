package io.jitsso.provisioning.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One entry of a tenant's audit log (SPEC D3). Never updated. */
@Entity
@Table(name = "audit_log")
public class AuditEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(nullable = false)
    public String actor;

    @Column(nullable = false)
    public String action;

    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "connection_id")
    public String connectionId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public AuditDetails details;

    public static AuditEntity of(String tenantId, String actor, String action, UUID userId, String connectionId,
            AuditDetails details) {
        AuditEntity entry = new AuditEntity();
        entry.tenantId = tenantId;
        entry.occurredAt = Instant.now();
        entry.actor = actor;
        entry.action = action;
        entry.userId = userId;
        entry.connectionId = connectionId;
        entry.details = details;
        return entry;
    }
}
