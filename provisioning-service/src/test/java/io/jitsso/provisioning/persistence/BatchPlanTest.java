package io.jitsso.provisioning.persistence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.provisioning.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Applying a batch of sign-ins looks its accounts, users, grants and emails up by key, through an
 * index, on a tenant of 3,000 users with no statistics on the tables (this machine's PostgreSQL runs
 * without autovacuum), for a batch of one, in every one of six plannings on the service's pool.
 * Account linking's email lookup walked every user of the tenant in id order (filtering on the
 * email, to save a sort before its limit) until the (tenant, email, id) index answered both; that index
 * still tied with the walk now and then, so the lookup now asks for no order inside a fence.
 */
@QuarkusTest
class BatchPlanTest {

    private static final int USERS = 3000;
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Made once for the class. */
    private static String tenant;

    @Inject
    Pool pool;

    @BeforeEach
    void aTenantWithThousandsOfUsers() {
        if (tenant != null) {
            return;
        }
        String made = Fixtures.newTenant();
        pool.preparedQuery("insert into app_user (id, tenant_id, email, email_verified, version, created_at, updated_at)"
                        + " select md5($1 || i)::uuid, $1, 'user-' || i || '@example.com', true, 1, now(), now()"
                        + " from generate_series(1, " + USERS + ") i")
                .execute(Tuple.of(made)).await().atMost(WAIT);
        pool.preparedQuery("insert into user_identity (tenant_id, connection_id, upstream_subject, user_id, account_version,"
                        + " linked, created_at) select $1, 'okta', 'subject-' || i, md5($1 || i)::uuid, 1, false, now()"
                        + " from generate_series(1, " + USERS + ") i")
                .execute(Tuple.of(made)).await().atMost(WAIT);
        pool.preparedQuery("insert into user_role (user_id, tenant_id, role, source, granted_at)"
                        + " select md5($1 || i)::uuid, $1, 'viewer', 'okta', now() from generate_series(1, " + USERS + ") i")
                .execute(Tuple.of(made)).await().atMost(WAIT);
        tenant = made;
    }

    @Test
    void accountsAreLockedThroughTheirKey() {
        assertIndexOnly("user_identity_pkey", AccountStore.LOCK, Tuple.of(new String[] {tenant},
                new String[] {"okta"}, new String[] {"subject-17"}));
    }

    @Test
    void usersAreLockedThroughTheirId() {
        assertIndexOnly("app_user_pkey", UserStore.LOCK, Tuple.of(new UUID[] {user(17)}));
    }

    @Test
    void grantsAreReadThroughTheirUser() {
        assertIndexOnly("user_role_pkey", UserStore.GRANTS, Tuple.of(new UUID[] {user(17)}));
    }

    @Test
    void accountLinkingLooksTheEmailUpThroughItsIndex() {
        assertIndexOnly("app_user_tenant_email_id", UserStore.WITH_EMAILS,
                Tuple.of(new String[] {tenant}, new String[] {"nobody-yet@example.com"}, 2L));
    }

    /** Planned six times on the service's pool: always through {@code index}. */
    private void assertIndexOnly(String index, String sql, Tuple arguments) {
        for (int run = 1; run <= 6; run++) {
            String plan = explain(sql, arguments);
            assertTrue(plan.replace(" ", "").contains("\"IndexName\":\"" + index + "\""), "run " + run + ": not through " + index + ": " + plan);
            assertFalse(plan.contains("Seq Scan"), "run " + run + ": scans a table: " + plan);
            assertFalse(plan.contains("app_user_tenant_id"), "run " + run + ": walks the tenant's users: " + plan);
        }
    }

    private String explain(String sql, Tuple arguments) {
        StringBuilder plan = new StringBuilder();
        for (Row row : pool.preparedQuery("explain (format json) " + sql).execute(arguments).await().atMost(WAIT)) {
            plan.append(row.getValue(0));
        }
        return plan.toString();
    }

    /** The id the set-up gave the tenant's {@code i}-th user, as PostgreSQL computed it. */
    private UUID user(int i) {
        return pool.preparedQuery("select md5($1 || $2)::uuid").execute(Tuple.of(tenant, String.valueOf(i)))
                .await().atMost(WAIT).iterator().next().getUUID(0);
    }
}
