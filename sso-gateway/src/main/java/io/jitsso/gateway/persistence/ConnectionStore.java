package io.jitsso.gateway.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Connections; every query is scoped by tenant except the lookup by id the OIDC tenant resolver needs. */
@ApplicationScoped
public class ConnectionStore {

    private static final String COLUMNS = "id, tenant_id, protocol, status, name, issuer, client_id, client_secret,"
            + " scopes::text as scopes, role_source, role_claim, role_mappings::text as role_mappings, default_role,"
            + " attribute_mappings::text as attribute_mappings, required_roles::text as required_roles,"
            + " required_roles_mode, jit, trust_upstream_mfa, app_client_id, app_redirect_uri, saml::text as saml, mfa_required, mfa_skip_local,"
            + " version, created_at,"
            + " updated_at";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<ConnectionSettings.RoleRuleSpec>> RULES = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper json;

    ConnectionStore(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    public Pool pool() {
        return pool;
    }

    public Uni<Void> insert(SqlClient client, ConnectionRecord record, byte[] loginKeyHash) {
        ConnectionSettings s = record.settings();
        return client.preparedQuery("insert into connection (id, tenant_id, name, protocol, status, issuer, client_id,"
                        + " client_secret, scopes, role_source, role_claim, role_mappings, default_role, attribute_mappings,"
                        + " required_roles, required_roles_mode, jit, trust_upstream_mfa, app_client_id, app_redirect_uri,"
                        + " login_key_hash, version, created_at, updated_at, saml, mfa_required, mfa_skip_local) values ($1, $2,"
                        + " $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10, $11, $12::text::jsonb, $13, $14::text::jsonb,"
                        + " $15::text::jsonb, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25::text::jsonb, $26, $27)")
                .execute(Tuple.tuple().addString(record.id()).addString(record.tenantId()).addString(s.name())
                        .addString(record.protocol()).addString(record.status().name()).addString(s.issuer())
                        .addString(s.clientId()).addValue(Buffer.buffer(record.clientSecret()))
                        .addString(write(s.scopes())).addString(s.roleSource()).addString(s.roleClaim())
                        .addString(write(s.roleMappings())).addString(s.defaultRole())
                        .addString(write(s.attributeMappings())).addString(write(s.requiredRoles()))
                        .addString(s.requiredRolesMode()).addBoolean(s.jit()).addBoolean(s.trustUpstreamMfa())
                        .addString(s.appClientId()).addString(s.appRedirectUri())
                        .addValue(loginKeyHash == null ? null : Buffer.buffer(loginKeyHash))
                        .addLong(record.version())
                        .addOffsetDateTime(record.createdAt().atOffset(ZoneOffset.UTC))
                        .addOffsetDateTime(record.updatedAt().atOffset(ZoneOffset.UTC))
                        .addString(s.saml() == null ? null : write(s.saml()))
                        .addBoolean(s.mfa().required()).addBoolean(s.mfa().skipLocalForFederated()))
                .replaceWithVoid();
    }

    /** Replaces the settings and secret; returns the updated record, empty when the connection is gone. */
    public Uni<Optional<ConnectionRecord>> updateSettings(SqlClient client, String tenantId, String id,
            ConnectionSettings s, byte[] clientSecret, Instant now) {
        return client.preparedQuery("update connection set name = $3, issuer = $4, client_id = $5, client_secret = $6,"
                        + " scopes = $7::text::jsonb, role_source = $8, role_claim = $9, role_mappings = $10::text::jsonb,"
                        + " default_role = $11, attribute_mappings = $12::text::jsonb, required_roles = $13::text::jsonb,"
                        + " required_roles_mode = $14, jit = $15, trust_upstream_mfa = $16, app_client_id = $17,"
                        + " app_redirect_uri = $18, version = version + 1, updated_at = $19, saml = $20::text::jsonb,"
                        + " mfa_required = $21, mfa_skip_local = $22"
                        + " where tenant_id = $1 and id = $2 returning " + COLUMNS)
                .execute(Tuple.tuple().addString(tenantId).addString(id).addString(s.name()).addString(s.issuer())
                        .addString(s.clientId()).addValue(Buffer.buffer(clientSecret)).addString(write(s.scopes()))
                        .addString(s.roleSource()).addString(s.roleClaim()).addString(write(s.roleMappings()))
                        .addString(s.defaultRole()).addString(write(s.attributeMappings()))
                        .addString(write(s.requiredRoles())).addString(s.requiredRolesMode()).addBoolean(s.jit())
                        .addBoolean(s.trustUpstreamMfa()).addString(s.appClientId()).addString(s.appRedirectUri())
                        .addOffsetDateTime(now.atOffset(ZoneOffset.UTC))
                        .addString(s.saml() == null ? null : write(s.saml()))
                        .addBoolean(s.mfa().required()).addBoolean(s.mfa().skipLocalForFederated()))
                .map(this::single);
    }

    /**
     * Sets the status and the login key (null removes it); returns the record as it was before the
     * change and after it, empty when the connection does not exist.
     */
    public Uni<Optional<Transition>> changeStatus(SqlClient client, String tenantId, String id,
            ConnectionRecord.Status status, byte[] loginKeyHash, Instant now) {
        return client.preparedQuery("update connection c set status = $3, login_key_hash = $4, version = c.version + 1,"
                        + " updated_at = $5 from connection old where c.tenant_id = $1 and c.id = $2 and old.id = c.id"
                        + " returning old.status as previous_status, " + prefixed("c."))
                .execute(Tuple.tuple().addString(tenantId).addString(id).addString(status.name())
                        .addValue(loginKeyHash == null ? null : Buffer.buffer(loginKeyHash))
                        .addOffsetDateTime(now.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.<Transition>empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Transition(ConnectionRecord.Status.valueOf(row.getString("previous_status")), from(row)));
                });
    }

    /** A status change: what the status was, and the connection now. */
    public record Transition(ConnectionRecord.Status previous, ConnectionRecord current) {
    }

    /** Removes the connection with its accounts and pending requests (cascade); true when it existed. */
    public Uni<Boolean> delete(SqlClient client, String tenantId, String id) {
        return client.preparedQuery("delete from connection where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenantId, id)).map(rows -> rows.rowCount() > 0);
    }

    public Uni<Optional<ConnectionRecord>> find(String tenantId, String id) {
        return pool.preparedQuery("select " + COLUMNS + " from connection where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenantId, id)).map(this::single);
    }

    /** By id alone: the upstream callback path names only the connection. */
    public Uni<Optional<ConnectionRecord>> findById(String id) {
        return pool.preparedQuery("select " + COLUMNS + " from connection where id = $1")
                .execute(Tuple.of(id)).map(this::single);
    }

    /**
     * Active SAML connections whose IdP comes from a metadata URL, across tenants: the metadata
     * refresh is the operator's job for every tenant, and each update it makes is tenant-scoped.
     */
    public Uni<List<ConnectionRecord>> listWithMetadataUrl() {
        return pool.preparedQuery("select " + COLUMNS + " from connection where protocol = 'saml' and status = 'ACTIVE'"
                        + " and saml ->> 'metadata_url' is not null order by id")
                .execute()
                .map(rows -> {
                    List<ConnectionRecord> list = new ArrayList<>();
                    rows.forEach(row -> list.add(from(row)));
                    return list;
                });
    }

    /**
     * Replaces a SAML connection's settings if it is still at {@code expectedVersion} (an admin's
     * save in between wins); returns the updated record, empty when the version moved on.
     */
    public Uni<Optional<ConnectionRecord>> updateSaml(String tenantId, String id, SamlSettings saml, long expectedVersion,
            Instant now) {
        return pool.preparedQuery("update connection set saml = $3::text::jsonb, version = version + 1, updated_at = $4"
                        + " where tenant_id = $1 and id = $2 and version = $5 and protocol = 'saml' returning " + COLUMNS)
                .execute(Tuple.tuple().addString(tenantId).addString(id).addString(write(saml))
                        .addOffsetDateTime(now.atOffset(ZoneOffset.UTC)).addLong(expectedVersion))
                .map(this::single);
    }

    /** The active connection whose login URL key hashes to this value. */
    public Uni<Optional<ConnectionRecord>> findByLoginKey(String tenantId, byte[] loginKeyHash) {
        return pool.preparedQuery("select " + COLUMNS + " from connection where tenant_id = $1 and login_key_hash = $2"
                        + " and status = 'ACTIVE'")
                .execute(Tuple.of(tenantId, Buffer.buffer(loginKeyHash))).map(this::single);
    }

    public Uni<List<ConnectionRecord>> list(String tenantId) {
        return pool.preparedQuery("select " + COLUMNS + " from connection where tenant_id = $1 order by created_at, id")
                .execute(Tuple.of(tenantId))
                .map(rows -> {
                    List<ConnectionRecord> list = new ArrayList<>();
                    rows.forEach(row -> list.add(from(row)));
                    return list;
                });
    }

    private Optional<ConnectionRecord> single(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? Optional.of(from(rows.iterator().next())) : Optional.empty();
    }

    private static String prefixed(String prefix) {
        StringBuilder out = new StringBuilder();
        for (String column : COLUMNS.split(",\\s*")) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(prefix).append(column.trim());
        }
        return out.toString();
    }

    private ConnectionRecord from(Row row) {
        ConnectionSettings settings = new ConnectionSettings(row.getString("name"), row.getString("issuer"),
                row.getString("client_id"), read(row.getString("scopes"), STRINGS), row.getString("role_source"),
                row.getString("role_claim"), read(row.getString("role_mappings"), RULES), row.getString("default_role"),
                read(row.getString("attribute_mappings"), new TypeReference<ConnectionSettings.AttributeMappingSpec>() {
                }), read(row.getString("required_roles"), STRINGS), row.getString("required_roles_mode"),
                row.getBoolean("jit"), row.getBoolean("trust_upstream_mfa"), row.getString("app_client_id"),
                row.getString("app_redirect_uri"),
                row.getString("saml") == null ? null : read(row.getString("saml"), new TypeReference<SamlSettings>() {
                }), new ConnectionSettings.MfaSettings(row.getBoolean("mfa_required"), row.getBoolean("mfa_skip_local")));
        return new ConnectionRecord(row.getString("id"), row.getString("tenant_id"), row.getString("protocol"),
                ConnectionRecord.Status.valueOf(row.getString("status")), settings,
                row.getBuffer("client_secret").getBytes(), row.getLong("version"),
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("connection settings not serializable", e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored connection settings are unreadable", e);
        }
    }
}
