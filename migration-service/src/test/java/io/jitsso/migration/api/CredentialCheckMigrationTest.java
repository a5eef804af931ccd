package io.jitsso.migration.api;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.Topics;
import io.jitsso.migration.source.SourceHttp;
import io.jitsso.migration.support.Events;
import io.jitsso.migration.support.Fixtures;
import io.jitsso.migration.support.LegacyApiStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Migration through the HTTP credential-check connector, against {@link LegacyApiStandIn} (a stand-in
 * for a home-grown legacy API): no user enumeration, lockout, source outages (answers too slow or too
 * long among them), concurrent first sign-ins and retirement.
 */
@QuarkusTest
class CredentialCheckMigrationTest {

    private static LegacyApiStandIn legacy;

    @Inject
    Pool pool;

    @BeforeAll
    static void startLegacy() throws Exception {
        legacy = new LegacyApiStandIn();
    }

    @AfterAll
    static void stopLegacy() {
        legacy.close();
    }

    /** A tenant with a credential-check source, an app, and a legacy user; returns {app, login, password}. */
    private static Object[] setUp() {
        String tenant = Fixtures.newTenant();
        Fixtures.createSource(tenant, Map.of("id", "legacy-api", "type", "http_credential_check", "name", "Legacy API",
                        "settings", legacy.credentialCheckSettings(), "secret", LegacyApiStandIn.API_KEY,
                        "attribute_mapping", Map.of("email", "mail", "given_name", "first")))
                .then().statusCode(201);
        String login = "user-" + UUID.randomUUID().toString().substring(0, 8);
        String password = Fixtures.password();
        legacy.addUser(new LegacyApiStandIn.LegacyUser("L-" + login, login, password,
                Map.of("mail", login + "@legacy.example", "first", "Legacy")));
        return new Object[] {Fixtures.newApp(tenant), login, password};
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameReplyAndTimingClass() {
        Object[] setup = setUp();
        Fixtures.App app = (Fixtures.App) setup[0];
        String login = (String) setup[1];
        String password = (String) setup[2];

        Response wrong = Fixtures.signIn(app, login, password + "-wrong");
        Response unknown = Fixtures.signIn(app, "nobody-" + UUID.randomUUID(), password);
        assertEquals(wrong.statusCode(), unknown.statusCode());
        assertEquals(400, wrong.statusCode());
        assertEquals(wrong.contentType(), unknown.contentType());
        assertEquals(wrong.getBody().asString(), unknown.getBody().asString());

        // after migration, a wrong password is checked locally: still the same reply
        Fixtures.signIn(app, login, password).then().statusCode(200);
        Response wrongLocal = Fixtures.signIn(app, login, password + "-wrong");
        assertEquals(unknown.getBody().asString(), wrongLocal.getBody().asString());

        // timing class: every refusal costs one argon2id computation (~25 ms), whichever the cause
        long unknownMillis = median(() -> Fixtures.signIn(app, "nobody-" + UUID.randomUUID(), "x-password").time());
        long wrongLocalMillis = median(() -> Fixtures.signIn(app, login + "", password + "-wrong-" + UUID.randomUUID()).time());
        assertTrue(unknownMillis >= 10, "an unknown user costs a hash too: " + unknownMillis + " ms");
        assertTrue(wrongLocalMillis >= 10, "a wrong password costs a hash: " + wrongLocalMillis + " ms");
        assertTrue(Math.max(unknownMillis, wrongLocalMillis) < 4 * Math.min(unknownMillis, wrongLocalMillis),
                "same timing class: unknown " + unknownMillis + " ms, wrong " + wrongLocalMillis + " ms");
    }

    private static long median(Callable<Long> timed) {
        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try {
                samples.add(timed.call());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        samples.sort(Long::compare);
        return samples.get(1);
    }

    @Test
    void repeatedFailuresLockTheIdentifierWithoutAskingTheSource() {
        Object[] setup = setUp();
        Fixtures.App app = (Fixtures.App) setup[0];
        String login = (String) setup[1];
        String password = (String) setup[2];
        for (int i = 0; i < 5; i++) {
            Fixtures.signIn(app, login, password + "-wrong").then().statusCode(400);
        }
        int checksBefore = legacy.checks();
        Response locked = Fixtures.signIn(app, login, password);
        locked.then().statusCode(429).contentType("application/problem+json");
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 15 * 60, "Retry-After " + retryAfter);
        assertEquals(checksBefore, legacy.checks(), "a locked identifier never reaches the source");
        // an unknown identifier locks the same way: lockout reveals nothing about existence
        String nobody = "nobody-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            Fixtures.signIn(app, nobody, "x-password").then().statusCode(400);
        }
        Fixtures.signIn(app, nobody, "x-password").then().statusCode(429);
        Fixtures.progress(app.tenant()).then().statusCode(200)
                .body("sources[0].failures.rejected_by_source", equalTo(10))
                .body("sources[0].failures.locked_out", equalTo(2));
    }

    @Test
    void sourceOutageIsAGenericServiceUnavailableAndCounted() {
        Object[] setup = setUp();
        Fixtures.App app = (Fixtures.App) setup[0];
        legacy.down(true);
        try {
            Response response = Fixtures.signIn(app, (String) setup[1], (String) setup[2]);
            response.then().statusCode(503).contentType("application/problem+json")
                    .body("detail", equalTo("sign-in is temporarily unavailable; try again in a moment"));
        } finally {
            legacy.down(false);
        }
        Fixtures.progress(app.tenant()).then().statusCode(200).body("sources[0].failures.source_error", equalTo(1));
        // the outage did not count against the user
        Fixtures.signIn(app, (String) setup[1], (String) setup[2]).then().statusCode(200).body("migrated", equalTo(true));
    }

    @Test
    void aSourceThatTricklesItsAnswerIsAnOutageAtTheDeadlineAndItsConnectionIsClosed() throws Exception {
        Object[] setup = setUp();
        Fixtures.App app = (Fixtures.App) setup[0];
        int cutBefore = legacy.answersCut();
        legacy.trickle(true);
        try {
            long start = System.nanoTime();
            // a byte every 500 ms never trips an idle timeout; the 5 s deadline covers the whole answer
            Fixtures.signIn(app, (String) setup[1], (String) setup[2]).then().statusCode(503);
            long took = (System.nanoTime() - start) / 1_000_000;
            assertTrue(took < 9_000, "answered after " + took + " ms");
            // the request is reset at the deadline: the stand-in's next bytes fail, long before its 20 s answer ends
            awaitAnswersCut(cutBefore + 1);
            long closed = (System.nanoTime() - start) / 1_000_000;
            assertTrue(closed < 12_000, "connection closed after " + closed + " ms");
        } finally {
            legacy.trickle(false);
        }
        Fixtures.progress(app.tenant()).then().statusCode(200)
                .body("sources[0].failures", equalTo(Map.of("source_unreachable", 1)));
    }

    @Test
    void anAnswerOverTheCapIsAnOutageCutShortAndLeavesNothingBehind() throws Exception {
        Object[] setup = setUp();
        Fixtures.App app = (Fixtures.App) setup[0];
        String login = (String) setup[1];
        String password = (String) setup[2];
        long huge = 64L * 1024 * 1024;
        int cut = legacy.answersCut();
        try {
            // a Content-Length over the cap: refused before the body is read
            legacy.answerBytes(huge, true);
            assertSourceBroke(Fixtures.signIn(app, login, password));
            awaitAnswersCut(++cut);
            // chunked, no Content-Length: read up to the cap, then the connection is closed
            legacy.answerBytes(huge, false);
            assertSourceBroke(Fixtures.signIn(app, login, password));
            awaitAnswersCut(++cut);
            // one byte over the cap is over
            legacy.answerBytes(SourceHttp.MAX_ANSWER_BYTES + 1, false);
            assertSourceBroke(Fixtures.signIn(app, login, password));
        } finally {
            legacy.answerBytes(0, false);
        }
        // counted for the source, and only as oversized answers
        Fixtures.progress(app.tenant()).then().statusCode(200)
                .body("sources[0].failures", equalTo(Map.of("source_oversized", 3)))
                .body("sources[0].migrated_users", equalTo(0));
        assertEquals(0, count("select count(*) from migrated_user where tenant_id = $1", app.tenant()),
                "no user migrated, so no local password hash");
        assertEquals(0, count("select count(*) from identifier_failure where tenant_id = $1", app.tenant()),
                "no failure counted against the user");
        Fixtures.signIn(app, login, password).then().statusCode(200).body("migrated", equalTo(true));
    }

    @Test
    void anAnswerOfExactlyTheCapIsRead() {
        Object[] setup = setUp();
        Fixtures.App app = (Fixtures.App) setup[0];
        String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
        String otherPassword = Fixtures.password();
        legacy.addUser(new LegacyApiStandIn.LegacyUser("L-" + other, other, otherPassword, Map.of("mail", other + "@x.example")));
        try {
            legacy.answerBytes(SourceHttp.MAX_ANSWER_BYTES, true);
            Fixtures.signIn(app, (String) setup[1], (String) setup[2]).then().statusCode(200).body("migrated", equalTo(true));
            legacy.answerBytes(SourceHttp.MAX_ANSWER_BYTES, false);
            Fixtures.signIn(app, other, otherPassword).then().statusCode(200).body("migrated", equalTo(true));
        } finally {
            legacy.answerBytes(0, false);
        }
    }

    private static void assertSourceBroke(Response response) {
        response.then().statusCode(503).contentType("application/problem+json")
                .body("detail", equalTo("sign-in is temporarily unavailable; try again in a moment"));
    }

    /** Waits (up to 5 s) until the stand-in has had {@code count} answers cut off by a closed connection. */
    private static void awaitAnswersCut(int count) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (legacy.answersCut() < count && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertTrue(legacy.answersCut() >= count, "the client closed the connection before the answer was sent whole");
    }

    private long count(String sql, String tenant) {
        return pool.preparedQuery(sql).execute(Tuple.of(tenant)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

    @Test
    void concurrentFirstSignInsCreateOneUser() throws Exception {
        Object[] setup = setUp();
        Fixtures.App app = (Fixtures.App) setup[0];
        String login = (String) setup[1];
        String password = (String) setup[2];
        legacy.delay(200);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(threads.submit(() -> Fixtures.signIn(app, login, password)));
            }
            Set<String> userIds = new HashSet<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertEquals(200, response.statusCode(), response.asString());
                userIds.add(response.path("user_id"));
            }
            assertEquals(1, userIds.size(), "every sign-in got the same user");
            String userId = userIds.iterator().next();
            long rows = pool.preparedQuery("select count(*) from migrated_user where tenant_id = $1")
                    .execute(Tuple.of(app.tenant())).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
            assertEquals(1, rows);
            List<Events.Event> events = Events.collect(Topics.SIGNIN_SUCCEEDED,
                    e -> userId.equals(e.value().path("account_id").asText()), Duration.ofSeconds(4));
            assertEquals(1, events.size(), "one sign-in event, so provisioning creates one user");
            assertOnlyTheStoredUserHasSessions(app.tenant(), userId, answers.size());
        } finally {
            legacy.delay(0);
            threads.shutdownNow();
        }
    }

    /**
     * A first sign-in opens its session for the id it is about to store while it stores the user; the
     * sign-ins that lost the race stored no user under their id, so those early sessions must be gone
     * and the winner's user must hold one live session per sign-in.
     */
    private static void assertOnlyTheStoredUserHasSessions(String tenant, String userId, int signIns) {
        List<Events.Event> created = Events.collect(Topics.SESSION_CREATED,
                e -> tenant.equals(e.value().path("tenant_id").asText()), Duration.ofSeconds(4));
        Set<String> subjects = new HashSet<>();
        created.forEach(e -> subjects.add(e.value().path("subject").asText()));
        assertTrue(subjects.contains(userId), "the stored user's sessions were opened: " + subjects);
        assertTrue(subjects.size() > 1, "the race happened: sign-ins that lost it opened early sessions: " + subjects);
        for (String subject : subjects) {
            List<Object> live = io.restassured.RestAssured.given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                    .queryParam("subject", subject)
                    .get(Fixtures.sessionService() + "/admin/v1/tenants/" + tenant + "/sessions")
                    .then().statusCode(200).extract().path("$");
            assertEquals(subject.equals(userId) ? signIns : 0, live.size(),
                    subject.equals(userId) ? "one live session per sign-in" : "an early session of an unstored id was revoked");
        }
    }

    @Test
    void retiredSourceIsNeverContactedAndMigratedUsersKeepSigningIn() {
        Object[] setup = setUp();
        Fixtures.App app = (Fixtures.App) setup[0];
        String login = (String) setup[1];
        String password = (String) setup[2];
        Fixtures.signIn(app, login, password).then().statusCode(200).body("migrated", equalTo(true));
        String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
        String otherPassword = Fixtures.password();
        legacy.addUser(new LegacyApiStandIn.LegacyUser("L-" + other, other, otherPassword, Map.of("mail", other + "@x.example")));

        io.restassured.RestAssured.given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .post("/admin/v1/tenants/" + app.tenant() + "/sources/legacy-api/retirement")
                .then().statusCode(200).body("status", equalTo("retired"));
        int checksBefore = legacy.checks();
        Fixtures.signIn(app, login, password).then().statusCode(200).body("migrated", equalTo(false));
        Fixtures.signIn(app, other, otherPassword).then().statusCode(400)
                .body("detail", equalTo("the identifier or the credential is not correct"));
        assertEquals(checksBefore, legacy.checks());
        Response progress = Fixtures.progress(app.tenant());
        assertEquals("retired", progress.path("sources[0].status"));
        assertFalse(progress.<String>path("sources[0].retired_at").isEmpty());
    }
}
