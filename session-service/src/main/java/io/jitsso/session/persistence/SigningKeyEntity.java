package io.jitsso.session.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tenant's token-signing key; the private half is encrypted at rest. */
@Entity
@Table(name = "signing_key")
public class SigningKeyEntity extends PanacheEntityBase {

    public static final String ACTIVE = "ACTIVE";
    public static final String RETIRED = "RETIRED";

    @Id
    public String kid;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public String alg;

    /** Public JWK members as JSON. */
    @Column(name = "public_jwk", nullable = false)
    public String publicJwk;

    @Column(name = "private_key", nullable = false)
    public byte[] privateKey;

    @Column(nullable = false)
    public String state;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "retired_at")
    public Instant retiredAt;

    /** A retired key stays in the JWKS until the last token it signed has expired. */
    @Column(name = "publish_until")
    public Instant publishUntil;
}
