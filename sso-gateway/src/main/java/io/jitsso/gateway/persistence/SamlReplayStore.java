package io.jitsso.gateway.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Ids of accepted SAML assertions, in PostgreSQL so that every replica sees them: an assertion is
 * accepted once, until it expires (after which its own time bounds refuse it anyway).
 */
@ApplicationScoped
public class SamlReplayStore {

    private final Pool pool;

    SamlReplayStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Remembers the assertion id, in the caller's transaction (the sign-in's: a sign-in that does not
     * commit accepted nothing); false when it was already accepted (a replay).
     */
    public Uni<Boolean> firstUse(SqlClient sql, String tenantId, String connectionId, String assertionId, Instant until) {
        return sql.preparedQuery("insert into saml_replay (connection_id, assertion_id, tenant_id, expires_at)"
                        + " values ($1, $2, $3, $4) on conflict (connection_id, assertion_id) do nothing")
                .execute(Tuple.of(connectionId, assertionId, tenantId, until.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Integer> purgeExpired(Instant now) {
        return pool.preparedQuery("delete from saml_replay where expires_at < $1")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC))).map(rows -> rows.rowCount());
    }
}
