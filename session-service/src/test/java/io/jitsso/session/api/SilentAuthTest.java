package io.jitsso.session.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.session.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/** SPEC C1, C2, C4: one IdP session, silent authentication from every app of the tenant, logout for all. */
@QuarkusTest
class SilentAuthTest {

    @Test
    void twoAppsOfATenantShareOneSession() throws Exception {
        String tenant = Fixtures.newTenant();
        Fixtures.App web = Fixtures.newApp(tenant);
        Fixtures.App mobile = Fixtures.newApp(tenant, "RS256");
        Fixtures.Session session = Fixtures.openSession(tenant, "alice", "okta");

        for (Fixtures.App app : List.of(web, mobile)) {
            Response response = Fixtures.silentAuth(Fixtures.clientToken(app), session.sessionId());
            response.then().statusCode(200).header("Cache-Control", "no-store")
                    .body("token_type", equalTo("Bearer")).body("expires_in", equalTo(300))
                    .body("access_token", notNullValue());
            JwtClaims id = TokenEndpointTest.consumer(tenant, app.clientId()).processToClaims(response.path("id_token"));
            assertEquals("alice", id.getSubject());
            assertEquals(List.of("fed", "mfa"), id.getStringListClaimValue("amr"));
            assertEquals(session.id(), id.getClaimValue("sid"));
            assertEquals(app.clientId(), id.getClaimValue("azp"));
            assertEquals("alice@example.com", id.getClaimValue("email"));
            assertNotNull(id.getClaimValue("auth_time"));
            JwtClaims access = TokenEndpointTest.consumer(tenant, app.clientId()).processToClaims(response.path("access_token"));
            assertEquals("alice", access.getSubject());
            assertEquals(List.of("viewer"), access.getStringListClaimValue("roles"));
        }
    }

    @Test
    void eachAuthenticationExtendsTheSessionByItsLifetime() throws Exception {
        String tenant = Fixtures.newTenant();
        String token = Fixtures.clientToken(Fixtures.newApp(tenant));
        Fixtures.Session session = Fixtures.openSession(tenant, "bob", null);
        Fixtures.execute("update idp_session set expires_at = now() + interval '1 hour' where id = ?::uuid", session.id());
        Fixtures.StoredSession before = Fixtures.stored(session.id());

        Fixtures.silentAuth(token, session.sessionId()).then().statusCode(200);

        Fixtures.StoredSession after = Fixtures.stored(session.id());
        Instant expected = Instant.now().plus(Duration.ofDays(14));
        assertTrue(Math.abs(Duration.between(expected, after.expiresAt()).toSeconds()) < 60,
                "expiry moved to now + 14 days, was " + after.expiresAt());
        assertEquals(before.version() + 1, after.version());
    }

    @Test
    void logoutEndsTheSessionForEveryApp() throws Exception {
        String tenant = Fixtures.newTenant();
        String web = Fixtures.clientToken(Fixtures.newApp(tenant));
        String mobile = Fixtures.clientToken(Fixtures.newApp(tenant));
        Fixtures.Session session = Fixtures.openSession(tenant, "carol", null);
        Fixtures.silentAuth(mobile, session.sessionId()).then().statusCode(200);

        Fixtures.logout(web, session.sessionId()).then().statusCode(204);

        sessionNotFound(Fixtures.silentAuth(web, session.sessionId()));
        sessionNotFound(Fixtures.silentAuth(mobile, session.sessionId()));
        assertEquals("logged_out", Fixtures.stored(session.id()).endReason());
        Fixtures.logout(mobile, session.sessionId()).then().statusCode(204);
    }

    @Test
    void expiredRevokedUnknownAndForeignSessionsAreNotFound() throws Exception {
        String tenant = Fixtures.newTenant();
        String token = Fixtures.clientToken(Fixtures.newApp(tenant));

        Fixtures.Session expired = Fixtures.openSession(tenant, "erin", null);
        Fixtures.execute("update idp_session set expires_at = now() - interval '1 second' where id = ?::uuid", expired.id());
        sessionNotFound(Fixtures.silentAuth(token, expired.sessionId()));

        Fixtures.Session revoked = Fixtures.openSession(tenant, "erin", null);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).delete("/admin/v1/tenants/" + tenant + "/sessions/" + revoked.id())
                .then().statusCode(204);
        sessionNotFound(Fixtures.silentAuth(token, revoked.sessionId()));

        sessionNotFound(Fixtures.silentAuth(token, "A".repeat(43)));
        sessionNotFound(Fixtures.silentAuth(token, "short"));

        String otherTenant = Fixtures.newTenant();
        Fixtures.Session foreign = Fixtures.openSession(otherTenant, "erin", null);
        long versionBefore = Fixtures.stored(foreign.id()).version();
        sessionNotFound(Fixtures.silentAuth(token, foreign.sessionId()));
        Fixtures.logout(token, foreign.sessionId()).then().statusCode(204);
        assertEquals(versionBefore, Fixtures.stored(foreign.id()).version(), "another tenant's app changed nothing");
        Fixtures.silentAuth(Fixtures.clientToken(Fixtures.newApp(otherTenant)), foreign.sessionId()).then().statusCode(200);
    }

    @Test
    void missingEmptyMalformedAndOversizedBodiesAreClearErrors() throws Exception {
        String tenant = Fixtures.newTenant();
        String token = Fixtures.clientToken(Fixtures.newApp(tenant));
        Fixtures.Session session = Fixtures.openSession(tenant, "frank", null);
        long version = Fixtures.stored(session.id()).version();

        sessionNotFound(Fixtures.silentAuth(token, null)).body("errors[0].field", equalTo("session_id"));
        sessionNotFound(Fixtures.silentAuth(token, ""));
        sessionNotFound(given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"session_id\": null}")
                .post("/v1/auth/session/authenticate"));
        sessionNotFound(given().auth().oauth2(token).contentType(ContentType.JSON).post("/v1/auth/session/authenticate"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"session_id\": ")
                .post("/v1/auth/session/authenticate").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("[1,2]")
                .post("/v1/auth/session/authenticate").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"session_id\": {\"$ne\": 1}}")
                .post("/v1/auth/session/authenticate").then().statusCode(400);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("session_id", session.sessionId(), "padding", "x".repeat(100_000)))
                .post("/v1/auth/session/authenticate").then().statusCode(413);
        given().auth().oauth2(token).contentType(ContentType.TEXT).body(session.sessionId())
                .post("/v1/auth/session/authenticate").then().statusCode(415).contentType("application/problem+json");

        assertEquals(version, Fixtures.stored(session.id()).version(), "no bad request touched the session");
        Fixtures.silentAuth(token, session.sessionId()).then().statusCode(200);
    }

    @Test
    void sessionsSurviveInPostgresNotInMemory() throws Exception {
        String tenant = Fixtures.newTenant();
        Fixtures.Session session = Fixtures.openSession(tenant, "gina", "azure");
        Fixtures.StoredSession stored = Fixtures.stored(session.id());
        assertNotNull(stored);
        try (var connection = Fixtures.database();
                var query = connection.prepareStatement("select count(*) from idp_session where secret_hash = sha256(?::bytea)")) {
            query.setBytes(1, session.sessionId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            var rows = query.executeQuery();
            rows.next();
            assertEquals(1, rows.getInt(1), "only the SHA-256 of the session id is stored");
        }
        try (var connection = Fixtures.database();
                var query = connection.prepareStatement("select count(*) from idp_session where encode(secret_hash, 'escape') like ?")) {
            query.setString(1, "%" + session.sessionId() + "%");
            var rows = query.executeQuery();
            rows.next();
            assertEquals(0, rows.getInt(1));
        }
    }

    @Test
    void internalApiNeedsTheInternalCredentialAndValidInput() {
        String tenant = Fixtures.newTenant();
        Map<String, Object> body = Map.of("tenant_id", tenant, "subject", "hank", "amr", List.of("pwd"));
        given().contentType(ContentType.JSON).body(body).post("/internal/v1/sessions").then().statusCode(401);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(body)
                .post("/internal/v1/sessions").then().statusCode(401);
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("tenant_id", tenant, "subject", "", "amr", List.of()))
                .post("/internal/v1/sessions").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("tenant_id", "no-such-tenant", "subject", "hank", "amr", List.of("pwd")))
                .post("/internal/v1/sessions").then().statusCode(404);
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("tenant_id", tenant, "subject", "hank", "amr", List.of("pwd"), "claims", Map.of("sub", "root")))
                .post("/internal/v1/sessions").then().statusCode(400).body("errors[0].field", equalTo("claims"));
    }

    static io.restassured.response.ValidatableResponse sessionNotFound(Response response) {
        return response.then().statusCode(400).contentType("application/problem+json")
                .body("message", equalTo("Session not found")).body("detail", equalTo("Session not found"));
    }
}
