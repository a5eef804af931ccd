package io.jitsso.session.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.session.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * The internal call that opens a session and mints one app's tokens from it at once (migration
 * sign-in): the tokens are the app's, the session is a normal one every app of the tenant can use, and
 * the caller must hold the internal credential.
 */
@QuarkusTest
class SessionWithTokensTest {

    private static final String PATH = "/internal/v1/sessions/with-tokens";

    @Test
    void opensTheSessionAndMintsTheAppsTokens() throws Exception {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Fixtures.App other = Fixtures.newApp(tenant, "RS256");

        Response response = open(body(tenant, "dana", app.clientId()));

        response.then().statusCode(201).header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer")).body("expires_in", equalTo(300));
        String sessionId = response.path("session_id");
        Fixtures.ISSUED_SECRETS.add(sessionId);
        String id = response.path("id");
        JwtClaims idToken = TokenEndpointTest.consumer(tenant, app.clientId()).processToClaims(response.path("id_token"));
        assertEquals("dana", idToken.getSubject());
        assertEquals(app.clientId(), idToken.getClaimValue("azp"));
        assertEquals(List.of("pwd"), idToken.getStringListClaimValue("amr"));
        assertEquals(id, idToken.getClaimValue("sid"));
        assertEquals("dana@example.com", idToken.getClaimValue("email"));
        assertNotNull(idToken.getClaimValue("auth_time"));
        JwtClaims access = TokenEndpointTest.consumer(tenant, app.clientId()).processToClaims(response.path("access_token"));
        assertEquals("dana", access.getSubject());
        assertEquals(app.clientId(), access.getClaimValue("client_id"));
        assertEquals(id, access.getClaimValue("sid"));

        // a normal session: another app of the tenant authenticates silently with it
        Fixtures.silentAuth(Fixtures.clientToken(other), sessionId).then().statusCode(200);
        assertEquals(2, Fixtures.stored(id).version(), "opened once, then touched once by the other app");

        // its created event names the app it was opened for
        ConsumerRecord<String, String> created = new SessionEventsTest().consume(tenant, 1).get(0);
        JsonNode event = new ObjectMapper().readTree(created.value());
        assertEquals("jitsso.session.created.v1", created.topic());
        assertEquals(id, event.get("session_id").asText());
        assertEquals(app.clientId(), event.get("client_id").asText());
    }

    @Test
    void anAppOfAnotherTenantOrNoneIsRefused() {
        String tenant = Fixtures.newTenant();
        Fixtures.App foreign = Fixtures.newApp(Fixtures.newTenant());

        open(body(tenant, "erin", foreign.clientId())).then().statusCode(400)
                .body("errors.field", hasItem("client_id"));
        open(body(tenant, "erin", "no-such-app")).then().statusCode(400)
                .body("errors.field", hasItem("client_id"));
        open(body("no-such-tenant", "erin", "no-such-app")).then().statusCode(400)
                .body("errors.field", hasItem("client_id"));
    }

    @Test
    void onlyTheInternalCredentialMayCallIt() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Map<String, Object> body = body(tenant, "finn", app.clientId());

        given().contentType(ContentType.JSON).body(body).post(PATH).then().statusCode(401);
        given().auth().oauth2(Fixtures.clientToken(app)).contentType(ContentType.JSON).body(body).post(PATH)
                .then().statusCode(401);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(body).post(PATH)
                .then().statusCode(401);
    }

    @Test
    void malformedRequestsGetFieldErrors() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);

        Map<String, Object> noClient = body(tenant, "gail", app.clientId());
        noClient.remove("client_id");
        open(noClient).then().statusCode(400).body("errors.field", hasItem("client_id"));

        Map<String, Object> noAmr = body(tenant, "gail", app.clientId());
        noAmr.put("amr", List.of());
        open(noAmr).then().statusCode(400).body("errors.field", hasItem("amr"));

        Map<String, Object> reserved = body(tenant, "gail", app.clientId());
        reserved.put("claims", Map.of("aud", "someone-else"));
        open(reserved).then().statusCode(400).body("errors.field", hasItem("claims"));

        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).contentType(ContentType.JSON).body("{not json").post(PATH)
                .then().statusCode(400);
    }

    private static Map<String, Object> body(String tenant, String subject, String clientId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant_id", tenant);
        body.put("subject", subject);
        body.put("amr", List.of("pwd"));
        body.put("connection_id", "migration-legacy");
        body.put("claims", Map.of("email", subject + "@example.com"));
        body.put("client_id", clientId);
        return body;
    }

    private static Response open(Map<String, Object> body) {
        return given().auth().oauth2(Fixtures.INTERNAL_TOKEN).contentType(ContentType.JSON).body(body).post(PATH);
    }
}
