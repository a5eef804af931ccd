package io.jitsso.session.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import java.time.Instant;
import java.util.UUID;

/**
 * An app registration: a confidential client of one tenant. An update writes only the columns it changed, and changes
 * lock the row first (AppRepository.findForUpdate), so a secret rotation and a concurrent update of the name or
 * required roles cannot write each other's old values back.
 */
@Entity
@DynamicUpdate
@Table(name = "app")
public class AppEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(nullable = false)
    public String name;

    /** argon2id PHC string of the client secret. */
    @Column(name = "secret_hash", nullable = false)
    public String secretHash;

    @Column(name = "signing_alg", nullable = false)
    public String signingAlg;

    /** Exact redirect URIs of the authorization-code flow. */
    @Column(name = "redirect_uris", nullable = false)
    @jakarta.persistence.Convert(converter = StringListConverter.class)
    public java.util.List<String> redirectUris = new java.util.ArrayList<>();

    /** Platform roles a session's user needs for this app's tokens (SPEC A5, ADR-33); a JSON array. */
    @Column(name = "required_roles", nullable = false)
    @jakarta.persistence.Convert(converter = StringListConverter.class)
    public java.util.List<String> requiredRoles = new java.util.ArrayList<>();

    /** {@code any} or {@code all} of {@link #requiredRoles}. */
    @Column(name = "required_roles_mode", nullable = false)
    public String requiredRolesMode = "any";

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "secret_rotated_at", nullable = false)
    public Instant secretRotatedAt;
}
