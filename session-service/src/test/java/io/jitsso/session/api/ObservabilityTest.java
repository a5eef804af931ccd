package io.jitsso.session.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.session.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC E2: health reflects PostgreSQL and Kafka; metrics and OpenAPI are served; no secret reaches the log. */
@QuarkusTest
class ObservabilityTest {

    @Test
    void livenessAndReadinessReportDatabaseAndKafka() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check"));
    }

    @Test
    void prometheusMetricsIncludeSilentAuthAndTokenCounters() {
        String tenant = Fixtures.newTenant();
        String token = Fixtures.clientToken(Fixtures.newApp(tenant));
        Fixtures.silentAuth(token, Fixtures.openSession(tenant, "tom", null).sessionId()).then().statusCode(200);
        Fixtures.silentAuth(token, "B".repeat(43)).then().statusCode(400);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("jitsso_silent_auth_total{outcome=\"succeeded\"}"))
                .body(containsString("jitsso_silent_auth_total{outcome=\"session_not_found\"}"))
                .body(containsString("jitsso_tokens_issued_total{grant=\"client_credentials\"}"))
                .body(containsString("http_server_requests_seconds_count"));
    }

    @Test
    void openApiDocumentsThePublicAndInternalApis() {
        String document = given().get("/q/openapi").then().statusCode(200).extract().asString();
        for (String path : List.of("/v1/auth/session/authenticate", "/v1/auth/session/logout", "/t/{tenant}/oauth2/token",
                "/t/{tenant}/.well-known/openid-configuration", "/internal/v1/sessions", "/admin/v1/tenants/{tenant}/apps")) {
            assertTrue(document.contains(path), "OpenAPI lists " + path);
        }
    }

    @Test
    void unknownPathsAndMethodsAreNotServerErrors() {
        given().get("/nope").then().statusCode(404);
        given().put("/v1/auth/session/logout").then().statusCode(405);
    }

    @Test
    void noSecretTokenOrSessionIdIsEverLogged() throws Exception {
        // exercise the paths that handle secrets, including failing ones that log
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        String token = Fixtures.clientToken(app);
        Fixtures.Session session = Fixtures.openSession(tenant, "uma", null);
        Fixtures.silentAuth(token, session.sessionId()).then().statusCode(200);
        Fixtures.logout(token, session.sessionId()).then().statusCode(204);
        given().auth().preemptive().basic(app.clientId(), app.secret() + "wrong").formParam("grant_type", "client_credentials")
                .post("/t/" + tenant + "/oauth2/token").then().statusCode(401);
        given().header("Authorization", "Bearer " + token + "tampered").contentType("application/json")
                .body("{\"session_id\":\"" + session.sessionId() + "\"}").post("/v1/auth/session/authenticate").then().statusCode(401);

        Path log = Path.of("target/session-service-test.log");
        assertTrue(Files.exists(log), "the test profile writes the log file");
        String text = Files.readString(log);
        assertTrue(text.length() > 0);
        List<String> secrets = new java.util.ArrayList<>(Fixtures.ISSUED_SECRETS);
        secrets.addAll(List.of(Fixtures.OPERATOR_TOKEN, Fixtures.INTERNAL_TOKEN, Fixtures.MASTER_KEY));
        for (String secret : secrets) {
            assertEquals(-1, text.indexOf(secret), "a secret of length " + secret.length() + " appears in the log");
        }
    }
}
