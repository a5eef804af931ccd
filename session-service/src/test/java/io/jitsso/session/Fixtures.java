package io.jitsso.session;

import static io.restassured.RestAssured.given;

import io.jitsso.contracts.crypto.KeyEncryptor;
import io.jitsso.session.crypto.JwsAlgorithm;
import io.jitsso.session.crypto.SigningMaterial;
import io.jitsso.testing.PostgresDatabase;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Drives the service's real APIs to set up tenants, apps, tokens and sessions for tests. */
public final class Fixtures {

    public static final String OPERATOR_TOKEN = "test-operator-token-0123456789abcdef";
    public static final String INTERNAL_TOKEN = "test-internal-token-0123456789abcdef";
    public static final String MASTER_KEY = "dGVzdC1tYXN0ZXIta2V5LTAxMjM0NTY3ODlhYmNkZWY=";
    public static final String ISSUER_BASE = "http://localhost:8081";
    public static final String DATABASE = PostgresDatabase.named("jitsso_session_test");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** Every secret, token and session id handed out in this JVM, for the log hygiene check. */
    public static final List<String> ISSUED_SECRETS = java.util.Collections.synchronizedList(new ArrayList<>());

    private Fixtures() {
    }

    public record App(String tenant, String clientId, String secret) {
    }

    public record Session(String tenant, String sessionId, String id) {
    }

    public static String newTenant() {
        String id = "t" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", "Tenant " + id))
                .post("/admin/v1/tenants").then().statusCode(201);
        return id;
    }

    public static App newApp(String tenant) {
        return newApp(tenant, null);
    }

    public static App newApp(String tenant, String algorithm) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "App of " + tenant);
        if (algorithm != null) {
            body.put("signing_alg", algorithm);
        }
        Response response = given().auth().oauth2(OPERATOR_TOKEN).contentType(ContentType.JSON).body(body)
                .post("/admin/v1/tenants/" + tenant + "/apps");
        response.then().statusCode(201);
        String secret = response.path("client_secret");
        ISSUED_SECRETS.add(secret);
        return new App(tenant, response.path("client_id"), secret);
    }

    public static String clientToken(App app) {
        String token = given().auth().preemptive().basic(app.clientId(), app.secret())
                .formParam("grant_type", "client_credentials")
                .post("/t/" + app.tenant() + "/oauth2/token")
                .then().statusCode(200).extract().path("access_token");
        ISSUED_SECRETS.add(token);
        return token;
    }

    public static Session openSession(String tenant, String subject, String connectionId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant_id", tenant);
        body.put("subject", subject);
        body.put("amr", List.of("fed", "mfa"));
        if (connectionId != null) {
            body.put("connection_id", connectionId);
        }
        body.put("claims", Map.of("email", subject + "@example.com", "roles", List.of("viewer")));
        Response response = given().auth().oauth2(INTERNAL_TOKEN).contentType(ContentType.JSON).body(body)
                .post("/internal/v1/sessions");
        response.then().statusCode(201);
        String sessionId = response.path("session_id");
        ISSUED_SECRETS.add(sessionId);
        return new Session(tenant, sessionId, response.path("id"));
    }

    public static Response silentAuth(String bearer, String sessionId) {
        return given().auth().oauth2(bearer).contentType(ContentType.JSON)
                .body(sessionId == null ? Map.of() : Map.of("session_id", sessionId))
                .post("/v1/auth/session/authenticate");
    }

    public static Response logout(String bearer, String sessionId) {
        return given().auth().oauth2(bearer).contentType(ContentType.JSON)
                .body(Map.of("session_id", sessionId))
                .post("/v1/auth/session/logout");
    }

    public static String issuer(String tenant) {
        return ISSUER_BASE + "/t/" + tenant;
    }

    public static Connection database() throws SQLException {
        return DriverManager.getConnection(PostgresDatabase.jdbcUrl(DATABASE), PostgresDatabase.USER, PostgresDatabase.PASSWORD);
    }

    /** A session row's version, expiry and end as stored, to prove what a request did or did not change. */
    public record StoredSession(long version, java.time.Instant expiresAt, java.time.Instant endedAt, String endReason) {
    }

    public static StoredSession stored(String id) throws SQLException {
        try (Connection connection = database();
                var query = connection.prepareStatement(
                        "select version, expires_at, ended_at, end_reason from idp_session where id = ?")) {
            query.setObject(1, UUID.fromString(id));
            var rows = query.executeQuery();
            if (!rows.next()) {
                return null;
            }
            var ended = rows.getTimestamp("ended_at");
            return new StoredSession(rows.getLong("version"), rows.getTimestamp("expires_at").toInstant(),
                    ended == null ? null : ended.toInstant(), rows.getString("end_reason"));
        }
    }

    /** The tenant's active signing key, read and decrypted from the database: lets tests forge tokens. */
    public static SigningMaterial activeKey(String tenant, JwsAlgorithm algorithm) throws SQLException {
        try (Connection connection = database();
                var query = connection.prepareStatement(
                        "select kid, public_jwk, private_key from signing_key where tenant_id = ? and alg = ? and state = 'ACTIVE'")) {
            query.setString(1, tenant);
            query.setString(2, algorithm.name());
            var rows = query.executeQuery();
            if (!rows.next()) {
                throw new IllegalStateException("no active key");
            }
            String kid = rows.getString("kid");
            byte[] privateKey = new KeyEncryptor(MASTER_KEY).decrypt(rows.getBytes("private_key"), tenant + "|" + kid);
            Map<String, String> jwk = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                    rows.getString("public_jwk"), new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, String>>() {
                    });
            return SigningMaterial.restore(algorithm, kid, privateKey, jwk);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = database(); var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }
}
