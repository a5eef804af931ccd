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

/** A role a user holds, and the source that granted it (provenance). */
@Entity
@Table(name = "user_role")
@IdClass(RoleEntity.Key.class)
public class RoleEntity extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Id
    public String role;

    /** {@code connection:<id>}, {@code system} or {@code local}: see {@code RoleSources}. */
    @Id
    public String source;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "granted_at", nullable = false)
    public Instant grantedAt;

    /** Primary key of a role grant. */
    public static final class Key implements Serializable {
        public UUID userId;
        public String role;
        public String source;

        public Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(userId, key.userId)
                    && Objects.equals(role, key.role) && Objects.equals(source, key.source);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, role, source);
        }
    }
}
