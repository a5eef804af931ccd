package io.jitsso.session.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.session.Fixtures;
import io.jitsso.session.HeldTicker;
import io.jitsso.session.service.AppDirectory;
import io.jitsso.session.service.ClientAuthenticator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Wrong client secrets per client, per replica, with the test profile's (and production's) numbers: a bucket of
 * five, refilled at one per second. The limiter's clock is held still, so the counts are exact however fast the
 * machine is; a refill is real time passing between two holds.
 */
@QuarkusTest
class ClientSecretLimitTest {

    private static final int BUDGET = 5;

    @Inject
    HeldTicker ticker;

    @Inject
    AppDirectory apps;

    @Inject
    ClientAuthenticator authenticator;

    @AfterEach
    void release() {
        ticker.release();
    }

    @Test
    void wrongSecretsAreInvalidClientUntilTheBudgetThen429WhileTheVerifiedSecretStillGetsTokens() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        Fixtures.App other = Fixtures.newApp(tenant);
        ticker.hold();
        // the first verification on this replica runs argon2id and, being right, spends none of the budget
        basic(tenant, app.clientId(), app.secret()).statusCode(200);
        for (int i = 0; i < BUDGET; i++) {
            invalidClient(basic(tenant, app.clientId(), app.secret() + "x" + i), 401)
                    .header("WWW-Authenticate", "Basic realm=\"jitsso\"");
        }
        throttled(basic(tenant, app.clientId(), app.secret() + "y"));
        // one budget whatever the authentication method or the grant
        throttled(post(tenant, app.clientId(), "wrong"));
        throttled(given().auth().preemptive().basic(app.clientId(), "wrong").formParam("grant_type", "authorization_code")
                .formParam("code", "some-code").formParam("redirect_uri", "https://app.example/cb")
                .formParam("code_verifier", "v".repeat(43)).post(path(tenant)).then());
        // the secret this replica verified still passes, by either method
        basic(tenant, app.clientId(), app.secret()).statusCode(200).body("access_token", notNullValue());
        post(tenant, app.clientId(), app.secret()).statusCode(200).body("access_token", notNullValue());
        // another app of the tenant has its own budget
        invalidClient(basic(tenant, other.clientId(), other.secret() + "x"), 401);
        basic(tenant, other.clientId(), other.secret()).statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("jitsso_token_requests_throttled_total{grant=\"client_credentials\"}"))
                .body(containsString("jitsso_token_requests_throttled_total{grant=\"authorization_code\"}"));
    }

    @Test
    void afterOneSecondAWrongSecretIsInvalidClientAgain() throws InterruptedException {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        ticker.hold();
        for (int i = 0; i < BUDGET; i++) {
            invalidClient(post(tenant, app.clientId(), "wrong" + i), 400);
        }
        throttled(post(tenant, app.clientId(), "wrong"));
        Thread.sleep(1_050);
        ticker.hold();
        invalidClient(post(tenant, app.clientId(), "wrong again"), 400);
    }

    @Test
    void aRightSecretNotYetVerifiedHereWaitsLikeAWrongOneUntilTheRefill() throws InterruptedException {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        ticker.hold();
        for (int i = 0; i < BUDGET; i++) {
            invalidClient(basic(tenant, app.clientId(), "wrong" + i), 401);
        }
        // telling it from a wrong secret would take the argon2id run the limit exists to spare
        throttled(basic(tenant, app.clientId(), app.secret()));
        Thread.sleep(1_050);
        ticker.hold();
        basic(tenant, app.clientId(), app.secret()).statusCode(200).body("access_token", notNullValue());
    }

    @Test
    void aThrottledRequestRunsNoArgon2id() throws Exception {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        ticker.hold();
        for (int i = 0; i < BUDGET; i++) {
            invalidClient(basic(tenant, app.clientId(), "wrong" + i), 401);
        }
        // a stored hash whose verification fails loudly: a request that reaches argon2id now answers 500
        Fixtures.execute("update app set secret_hash = ? where tenant_id = ? and client_id = ?",
                "$argon2id$v=19$m=not-a-number,t=2,p=1$AAAA$AAAA", tenant, app.clientId());
        apps.evict(tenant, app.clientId());
        throttled(basic(tenant, app.clientId(), "wrong"));
        throttled(basic(tenant, app.clientId(), app.secret()));
        // the probe works: once the bucket refilled, the next wrong secret does reach the broken hash
        Thread.sleep(1_050);
        ticker.hold();
        basic(tenant, app.clientId(), "wrong").statusCode(500);
        // that failure spent no argon2id and gives its token back: the next one reaches the broken hash too
        basic(tenant, app.clientId(), "wrong").statusCode(500);
    }

    @Test
    void anAppsConcurrentFirstRequestsShareOneVerificationAndAreNotThrottled() throws Exception {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        int requests = 4 * BUDGET;
        ticker.hold();
        ExecutorService threads = Executors.newFixedThreadPool(requests);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                statuses.add(threads.submit(() -> {
                    start.await();
                    return basic(tenant, app.clientId(), app.secret()).extract().statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> status : statuses) {
                assertEquals(200, status.get(30, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
        // and they spent none of the budget
        for (int i = 0; i < BUDGET; i++) {
            invalidClient(basic(tenant, app.clientId(), "wrong" + i), 401);
        }
        throttled(basic(tenant, app.clientId(), "wrong"));
    }

    @Test
    void unknownClientIdsAreRefusedAsBeforeAndGetNoBucket() {
        String tenant = Fixtures.newTenant();
        ticker.hold();
        int buckets = authenticator.limitedClients();
        for (int i = 0; i < 3 * BUDGET; i++) {
            invalidClient(basic(tenant, "nobody", "wrong" + i), 401);
            invalidClient(post(tenant, "made-up-" + i, "wrong"), 400);
        }
        // a sweep in between can only make it smaller
        assertTrue(authenticator.limitedClients() <= buckets,
                "buckets before " + buckets + ", after " + authenticator.limitedClients());
    }

    private static String path(String tenant) {
        return "/t/" + tenant + "/oauth2/token";
    }

    /** client_credentials with client_secret_basic. */
    private static ValidatableResponse basic(String tenant, String clientId, String secret) {
        return given().auth().preemptive().basic(clientId, secret).formParam("grant_type", "client_credentials")
                .post(path(tenant)).then();
    }

    /** client_credentials with client_secret_post. */
    private static ValidatableResponse post(String tenant, String clientId, String secret) {
        return given().formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                .formParam("client_secret", secret).post(path(tenant)).then();
    }

    private static ValidatableResponse invalidClient(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType("application/json").body("error", equalTo("invalid_client"))
                .header("Cache-Control", "no-store").header("Retry-After", nullValue());
    }

    /** The OAuth error of a refused client, as 429 with a Retry-After of the one second a token takes. */
    private static void throttled(ValidatableResponse response) {
        response.statusCode(429).contentType("application/json").body("error", equalTo("invalid_client"))
                .header("Cache-Control", "no-store").header("Retry-After", "1").header("WWW-Authenticate", nullValue());
    }
}
