package io.jitsso.session.persistence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.session.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hot lookups of a session by a unique key (the code exchange's claim, silent
 * authentication's touch, logout, revocation by id) read that key's index alone, whatever the
 * planner knows: with a tenant holding thousands of live sessions and no statistics on the table
 * (this machine's PostgreSQL runs without autovacuum), both the plan PostgreSQL makes for the
 * given values and the generic plan it caches for a prepared statement. The plain form of the
 * exchange's session read was planned on the partial (tenant_id, connection_id) index here and read
 * every live session of the tenant per code exchange.
 */
@QuarkusTest
class SessionLookupPlanTest {

    private static final int LIVE_SESSIONS = 3000;
    private static final List<String> PARTIAL_INDEXES = List.of("idp_session_subject", "idp_session_connection");

    /** Made once for the class (RestAssured knows the test app's port only from the first test on). */
    private static String tenant;

    @BeforeEach
    void aTenantWithThousandsOfLiveSessionsOnOneConnection() throws Exception {
        if (tenant != null) {
            return;
        }
        tenant = Fixtures.newTenant();
        try (Connection connection = Fixtures.database(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("insert into idp_session (id, tenant_id, secret_hash, subject, connection_id, amr, claims,"
                    + " version, created_at, authenticated_at, last_used_at, expires_at)"
                    + " select gen_random_uuid(), '" + tenant + "', sha256(('" + tenant + "-' || i)::bytea), 'user-' || i,"
                    + " 'conn-plan', array['fed'], '{}'::jsonb, 1, now(), now(), now(), now() + interval '1 hour'"
                    + " from generate_series(1, " + LIVE_SESSIONS + ") i");
        }
    }

    @Test
    void theCodeExchangeReadsOneCodeAndOneSessionByTheirKeys() throws Exception {
        String values = "sha256('no-such-code'::bytea), '" + tenant + "', now(), 'some-client'";
        assertReadsOnly("idp_session_pkey", AuthorizationCodeStore.CLAIM, "bytea, varchar, timestamptz, varchar", values);
        assertReadsOnly("authorization_code_pkey", AuthorizationCodeStore.CLAIM, "bytea, varchar, timestamptz, varchar", values);
    }

    @Test
    void silentAuthenticationReadsOneSessionByItsSecret() throws Exception {
        assertReadsOnly("idp_session_secret_unique", SessionStore.TOUCH, "bytea, varchar, timestamptz, timestamptz, text",
                "sha256('" + tenant + "-17'::bytea), '" + tenant + "', now(), now() + interval '1 hour', '\"rest\":1}'");
        // an app with required roles (ADR-33): the same lookup, the roles checked on the row it finds
        for (String touch : List.of(SessionStore.TOUCH_ANY_ROLE, SessionStore.TOUCH_ALL_ROLES)) {
            assertReadsOnly("idp_session_secret_unique", touch, "bytea, varchar, timestamptz, timestamptz, text, text[]",
                    "sha256('" + tenant + "-17'::bytea), '" + tenant + "', now(), now() + interval '1 hour', '\"rest\":1}',"
                            + " array['admin']");
        }
        assertReadsOnly("idp_session_secret_unique", SessionStore.LIVE_BY_SECRET, "bytea, varchar, timestamptz",
                "sha256('" + tenant + "-17'::bytea), '" + tenant + "', now()");
    }

    @Test
    void logoutReadsOneSessionByItsSecret() throws Exception {
        assertReadsOnly("idp_session_secret_unique", SessionStore.LOGOUT, "timestamptz, varchar, bytea, varchar",
                "now(), 'logged_out', sha256('" + tenant + "-17'::bytea), '" + tenant + "'");
    }

    @Test
    void revocationByIdReadsOneSessionByItsId() throws Exception {
        assertReadsOnly("idp_session_pkey", SessionStore.REVOKE_BY_ID, "timestamptz, varchar, uuid, varchar",
                "now(), 'revoked', gen_random_uuid(), '" + tenant + "'");
    }

    /** The plan for these values, and the generic plan of the prepared statement, use only {@code index}. */
    private void assertReadsOnly(String index, String sql, String types, String values) throws Exception {
        for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
            String plan = plan(mode, sql, types, values);
            assertTrue(plan.contains("\"Index Name\": \"" + index + "\""), mode + ": not read through " + index + ": " + plan);
            assertFalse(plan.contains("Seq Scan"), mode + ": scans the table: " + plan);
            for (String partial : PARTIAL_INDEXES) {
                assertFalse(plan.contains(partial), mode + ": reads the tenant's sessions through " + partial + ": " + plan);
            }
        }
    }

    private static String plan(String mode, String sql, String types, String values) throws Exception {
        try (Connection connection = Fixtures.database(); Statement statement = connection.createStatement()) {
            statement.execute("set plan_cache_mode = " + mode);
            statement.execute("prepare lookup (" + types + ") as " + sql);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = statement.executeQuery("explain (format json) execute lookup (" + values + ")")) {
                while (rows.next()) {
                    plan.append(rows.getString(1));
                }
            }
            return plan.toString();
        }
    }
}
