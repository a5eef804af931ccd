package io.jitsso.session.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.session.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC C5, with the test profile's limits: 5/s per session, 20/s per client, burst of one second. */
@QuarkusTest
class RateLimitTest {

    @Test
    void perSessionLimitAnswers429WithRetryAfter() {
        String tenant = Fixtures.newTenant();
        String token = Fixtures.clientToken(Fixtures.newApp(tenant));
        Fixtures.Session session = Fixtures.openSession(tenant, "jane", null);
        List<Integer> statuses = new ArrayList<>();
        Response limited = null;
        for (int i = 0; i < 8; i++) {
            Response response = Fixtures.silentAuth(token, session.sessionId());
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
            }
        }
        assertTrue(statuses.subList(0, 5).stream().allMatch(s -> s == 200), statuses.toString());
        assertTrue(statuses.contains(429), statuses.toString());
        assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1);
        assertEquals("application/problem+json", limited.contentType());
        // another session of the same client is unaffected
        Fixtures.silentAuth(token, Fixtures.openSession(tenant, "jane", null).sessionId()).then().statusCode(200);
    }

    @Test
    void perClientLimitAnswers429AcrossSessions() {
        String tenant = Fixtures.newTenant();
        String token = Fixtures.clientToken(Fixtures.newApp(tenant));
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sessions.add(Fixtures.openSession(tenant, "user" + i, null).sessionId());
        }
        int ok = 0;
        int limited = 0;
        for (int i = 0; i < 60; i++) {
            int status = Fixtures.silentAuth(token, sessions.get(i % sessions.size())).statusCode();
            ok += status == 200 ? 1 : 0;
            limited += status == 429 ? 1 : 0;
        }
        assertTrue(limited > 0, "some of 60 requests exceed 20/s");
        assertTrue(ok >= 20, "the first 20 pass, got " + ok);
        assertEquals(60, ok + limited);
        // another app of the tenant has its own budget
        Fixtures.silentAuth(Fixtures.clientToken(Fixtures.newApp(tenant)), sessions.get(0)).then().statusCode(200);
    }
}
