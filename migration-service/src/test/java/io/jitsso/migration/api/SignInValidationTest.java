package io.jitsso.migration.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.migration.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Bad requests to the sign-in API get clear problem+json answers, never a 500. */
@QuarkusTest
class SignInValidationTest {

    private static Fixtures.App app() {
        return Fixtures.newApp(Fixtures.newTenant());
    }

    private static Response post(Fixtures.App app, String token, String body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (token != null) {
            request.auth().oauth2(token);
        }
        return request.post("/t/" + app.tenant() + "/migration/v1/sign-in");
    }

    @Test
    void malformedJsonIsABadRequest() {
        Fixtures.App app = app();
        post(app, app.token(), "{\"identifier\": \"a\", \"password\": ").then().statusCode(400)
                .contentType("application/problem+json").body("detail", equalTo("the request is malformed"));
        post(app, app.token(), "[1,2]").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void missingAndOversizedFieldsAreNamed() {
        Fixtures.App app = app();
        post(app, app.token(), "{}").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("identifier")).body("errors.field", hasItem("password"));
        post(app, app.token(), "{\"identifier\": \"" + "a".repeat(400) + "\", \"password\": \"p\"}").then().statusCode(400)
                .body("errors.field", hasItem("identifier"));
        post(app, app.token(), "{\"identifier\": \"a\", \"password\": \"p\", \"source_id\": \"Not A Source\"}").then()
                .statusCode(400).body("errors.field", hasItem("source_id"));
    }

    @Test
    void oversizedBodyIsRefused() {
        Fixtures.App app = app();
        // refused by the HTTP layer before any resource runs (like session-service's endpoints)
        post(app, app.token(), "{\"identifier\": \"a\", \"password\": \"" + "p".repeat(70_000) + "\"}").then()
                .statusCode(413);
    }

    @Test
    void missingOrForgedClientTokenIsUnauthorized() {
        Fixtures.App app = app();
        String body = "{\"identifier\": \"a\", \"password\": \"p\"}";
        post(app, null, body).then().statusCode(401).header("WWW-Authenticate", containsString("invalid_token"));
        post(app, "not.a.jwt", body).then().statusCode(401);
        // the app's real token with its payload replaced: the signature no longer matches
        String[] parts = app.token().split("\\.");
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"iss\":\"x\",\"sub\":\"evil\",\"client_id\":\"evil\",\"exp\":" + (System.currentTimeMillis() / 1000 + 600) + "}").getBytes());
        post(app, parts[0] + "." + forgedPayload + "." + parts[2], body).then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void anotherTenantsTokenIsRefusedAsSuch() {
        Fixtures.App mine = app();
        Fixtures.App theirs = app();
        post(mine, theirs.token(), "{\"identifier\": \"a\", \"password\": \"p\"}").then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("the client access token belongs to another tenant"));
    }

    @Test
    void malformedTenantIsNotFound() {
        Fixtures.App app = app();
        given().auth().oauth2(app.token()).contentType(ContentType.JSON).body("{\"identifier\": \"a\", \"password\": \"p\"}")
                .post("/t/NOT_A_TENANT/migration/v1/sign-in").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void unknownSourceIdIsABadRequest() {
        Fixtures.App app = app();
        post(app, app.token(), "{\"identifier\": \"a\", \"password\": \"p\", \"source_id\": \"no-such-source\"}").then()
                .statusCode(400).body("errors.field", hasItem("source_id"));
    }

    @Test
    void perClientRateLimitAnswers429WithRetryAfter() throws Exception {
        Fixtures.App app = app();
        // a few threads: PostgreSQL's connection slots are shared with everything else on the machine
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            // distinct identifiers, so only the app's own limit can apply; the unknown source fails fast
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 160; i++) {
                String body = "{\"identifier\": \"u" + i + "-" + UUID.randomUUID()
                        + "\", \"password\": \"p\", \"source_id\": \"no-such-source\"}";
                answers.add(threads.submit(() -> post(app, app.token(), body)));
            }
            Response limited = null;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                if (response.statusCode() == 429) {
                    limited = response;
                } else {
                    assertEquals(400, response.statusCode(), response.asString());
                }
            }
            assertNotNull(limited, "the per-client limit was reached");
            assertTrue(Long.parseLong(limited.header("Retry-After")) >= 1);
            limited.then().contentType("application/problem+json")
                    .body("detail", equalTo("too many sign-in attempts from this app; retry later"));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void perIdentifierRateLimitAnswers429WithRetryAfter() {
        Fixtures.App app = app();
        String identifier = "limited-" + UUID.randomUUID();
        Map<String, String> body = Map.of("identifier", identifier, "password", "p", "source_id", "no-such-source");
        for (int i = 0; i < 10; i++) {
            given().auth().oauth2(app.token()).contentType(ContentType.JSON).body(body)
                    .post("/t/" + app.tenant() + "/migration/v1/sign-in").then().statusCode(400);
        }
        Response limited = given().auth().oauth2(app.token()).contentType(ContentType.JSON).body(body)
                .post("/t/" + app.tenant() + "/migration/v1/sign-in");
        limited.then().statusCode(429).body("detail", equalTo("too many sign-in attempts for this user; retry later"));
        assertTrue(Long.parseLong(limited.header("Retry-After")) >= 1);
    }
}
