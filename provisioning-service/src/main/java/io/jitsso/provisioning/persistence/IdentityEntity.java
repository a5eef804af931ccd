package io.jitsso.provisioning.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One upstream account (connection + subject) and the user it belongs to. */
@Entity
@Table(name = "user_identity")
@IdClass(IdentityEntity.Key.class)
public class IdentityEntity extends PanacheEntityBase {

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Id
    @Column(name = "connection_id")
    public String connectionId;

    @Id
    @Column(name = "upstream_subject")
    public String upstreamSubject;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    /** The last sign-in version applied to the user through this account. */
    @Column(name = "account_version", nullable = false)
    public long accountVersion;

    /** Attached to an existing user by account linking rather than creating one. */
    @Column(nullable = false)
    public boolean linked;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Primary key of an identity. */
    public static final class Key implements Serializable {
        public String tenantId;
        public String connectionId;
        public String upstreamSubject;

        public Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(tenantId, key.tenantId)
                    && Objects.equals(connectionId, key.connectionId) && Objects.equals(upstreamSubject, key.upstreamSubject);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, connectionId, upstreamSubject);
        }
    }
}
