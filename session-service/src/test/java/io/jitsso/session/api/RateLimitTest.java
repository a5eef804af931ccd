package io.jitsso.session.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.session.Fixtures;
import io.jitsso.session.HeldTicker;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC C5, with the test profile's limits: 5/s per session, 20/s per client, one second of burst.
 * The limiter's clock is held still, so the counts are exact however fast the machine is.
 */
@QuarkusTest
class RateLimitTest {

    @Inject
    HeldTicker ticker;

    @AfterEach
    void release() {
        ticker.release();
    }

    @Test
    void perSessionLimitAnswers429WithRetryAfter() {
        String tenant = Fixtures.newTenant();
        String token = Fixtures.clientToken(Fixtures.newApp(tenant));
        Fixtures.Session session = Fixtures.openSession(tenant, "jane", null);
        Fixtures.Session other = Fixtures.openSession(tenant, "jane", null);
        ticker.hold();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(Fixtures.silentAuth(token, session.sessionId()).statusCode());
        }
        assertEquals(List.of(200, 200, 200, 200, 200), statuses);
        Response limited = Fixtures.silentAuth(token, session.sessionId());
        limited.then().statusCode(429).contentType("application/problem+json");
        assertEquals(1, Integer.parseInt(limited.header("Retry-After")));
        // another session of the same client is unaffected
        Fixtures.silentAuth(token, other.sessionId()).then().statusCode(200);
    }

    @Test
    void perClientLimitAnswers429AcrossSessions() {
        String tenant = Fixtures.newTenant();
        String token = Fixtures.clientToken(Fixtures.newApp(tenant));
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sessions.add(Fixtures.openSession(tenant, "user" + i, null).sessionId());
        }
        ticker.hold();
        for (int i = 0; i < 20; i++) {
            Fixtures.silentAuth(token, sessions.get(i % sessions.size())).then().statusCode(200);
        }
        Response limited = Fixtures.silentAuth(token, sessions.get(0));
        limited.then().statusCode(429);
        assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1);
        // another app of the tenant has its own budget
        Fixtures.silentAuth(Fixtures.clientToken(Fixtures.newApp(tenant)), sessions.get(1)).then().statusCode(200);
    }
}
