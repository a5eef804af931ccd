package io.jitsso.session.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jitsso.session.Fixtures;
import io.jitsso.contracts.crypto.Secrets;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The app-facing code flow's back half: code issued with a session, exchanged once with PKCE. */
@QuarkusTest
class AuthorizationCodeTest {

    private static final String CALLBACK = "https://app.example.com/callback";

    private String tenant;
    private Fixtures.App app;
    private String verifier;

    @BeforeEach
    void setUp() {
        tenant = Fixtures.newTenant();
        app = appWithRedirect(tenant, CALLBACK);
        verifier = Secrets.random(48);
    }

    @Test
    void codeExchangeYieldsTokensAndTheSessionForSso() throws Exception {
        String code = issueCode(app, CALLBACK, challenge(verifier), "n-0S6_WzA2Mj");
        var response = exchange(app, code, CALLBACK, verifier).statusCode(200).header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer")).body("id_token", notNullValue()).body("session_id", notNullValue())
                .extract();
        JwtClaims id = TokenEndpointTest.consumer(tenant, app.clientId()).processToClaims(response.path("id_token"));
        assertEquals("n-0S6_WzA2Mj", id.getClaimValue("nonce"));
        assertEquals("alice", id.getSubject());
        String sessionId = response.path("session_id");
        Fixtures.ISSUED_SECRETS.add(sessionId);
        // another app of the tenant signs the user in silently from that session
        Fixtures.silentAuth(Fixtures.clientToken(Fixtures.newApp(tenant)), sessionId).then().statusCode(200);
    }

    @Test
    void aReplayedCodeIsRefusedAndRevokesItsSession() {
        String code = issueCode(app, CALLBACK, challenge(verifier), null);
        String sessionId = exchange(app, code, CALLBACK, verifier).statusCode(200).extract().path("session_id");
        Fixtures.ISSUED_SECRETS.add(sessionId);
        invalidGrant(exchange(app, code, CALLBACK, verifier));
        SilentAuthTest.sessionNotFound(Fixtures.silentAuth(Fixtures.clientToken(app), sessionId));
    }

    @Test
    void aCodePresentedManyTimesAtOnceIsRedeemedOnceAndTheReplaysRevokeItsSession() throws Exception {
        String code = issueCode(app, CALLBACK, challenge(verifier), null);
        int presentations = 8;
        ExecutorService threads = Executors.newFixedThreadPool(presentations);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ExtractableResponse<Response>>> answers = new ArrayList<>();
            for (int i = 0; i < presentations; i++) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return exchange(app, code, CALLBACK, verifier).extract();
                }));
            }
            start.countDown();
            List<String> sessionIds = new ArrayList<>();
            int refused = 0;
            for (Future<ExtractableResponse<Response>> answer : answers) {
                ExtractableResponse<Response> response = answer.get(30, TimeUnit.SECONDS);
                if (response.statusCode() == 200) {
                    sessionIds.add(response.path("session_id"));
                } else {
                    assertEquals(400, response.statusCode(), response.asString());
                    assertEquals("invalid_grant", response.path("error"));
                    refused++;
                }
            }
            assertEquals(1, sessionIds.size(), "exactly one presentation is redeemed");
            assertEquals(presentations - 1, refused);
            Fixtures.ISSUED_SECRETS.add(sessionIds.get(0));
            SilentAuthTest.sessionNotFound(Fixtures.silentAuth(Fixtures.clientToken(app), sessionIds.get(0)));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aCodeWhoseSessionEndedGetsNoTokensAndIsUsedUp() {
        String subject = "carol-" + Secrets.random(8);
        Map<String, Object> authorization = authorization(app.clientId(), CALLBACK, challenge(verifier), "S256");
        String code = open(authorization, subject).statusCode(201).extract().path("code");
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("subject", subject, "reason", "access_denied"))
                .post("/internal/v1/tenants/" + tenant + "/sessions/revocation").then().statusCode(200).body("revoked", equalTo(1));
        invalidGrant(exchange(app, code, CALLBACK, verifier).body("error_description", equalTo("the session of this code has ended")));
        // the refused exchange still used the code up
        invalidGrant(exchange(app, code, CALLBACK, verifier).body("error_description", equalTo("code already used")));
    }

    @Test
    void wrongVerifierBurnsTheCode() {
        String code = issueCode(app, CALLBACK, challenge(verifier), null);
        invalidGrant(exchange(app, code, CALLBACK, Secrets.random(48)));
        invalidGrant(exchange(app, code, CALLBACK, verifier));
    }

    @Test
    void codeIsBoundToClientRedirectUriAndTenant() throws Exception {
        Fixtures.App other = appWithRedirect(tenant, CALLBACK);
        invalidGrant(exchange(other, issueCode(app, CALLBACK, challenge(verifier), null), CALLBACK, verifier));

        Fixtures.App twoUris = appWithRedirect(tenant, CALLBACK, "https://app.example.com/other");
        invalidGrant(exchange(twoUris, issueCode(twoUris, CALLBACK, challenge(verifier), null),
                "https://app.example.com/other", verifier));

        String otherTenant = Fixtures.newTenant();
        Fixtures.App foreign = appWithRedirect(otherTenant, CALLBACK);
        invalidGrant(exchange(foreign, issueCode(app, CALLBACK, challenge(verifier), null), CALLBACK, verifier));

        String expired = issueCode(app, CALLBACK, challenge(verifier), null);
        Fixtures.execute("update authorization_code set expires_at = now() - interval '1 second' where code_hash = sha256(?::bytea)",
                expired.getBytes(StandardCharsets.UTF_8));
        invalidGrant(exchange(app, expired, CALLBACK, verifier));
        invalidGrant(exchange(app, "never-issued-code", CALLBACK, verifier));
    }

    @Test
    void anotherAppOfTheTenantCannotBurnACodeOrEndItsSession() {
        Fixtures.App other = appWithRedirect(tenant, CALLBACK);
        String code = issueCode(app, CALLBACK, challenge(verifier), null);
        // the other app learnt the code (a log, a Referer): it finds no code, and presenting it changes nothing
        invalidGrant(exchange(other, code, CALLBACK, verifier).body("error_description", equalTo("unknown code")));
        invalidGrant(exchange(other, code, CALLBACK, verifier).body("error_description", equalTo("unknown code")));
        String sessionId = exchange(app, code, CALLBACK, verifier).statusCode(200).extract().path("session_id");
        Fixtures.ISSUED_SECRETS.add(sessionId);
        Fixtures.silentAuth(Fixtures.clientToken(app), sessionId).then().statusCode(200);
    }

    @Test
    void aVerifierForACodeIssuedWithoutAChallengeIsRefused() {
        // RFC 9700 2.1.1: a login URL's code (no challenge) injected into an app's PKCE flow must not pass
        String code = open(loginUrlAuthorization(), "mallory").statusCode(201).extract().path("code");
        invalidGrant(exchange(app, code, CALLBACK, verifier)
                .body("error_description", equalTo("code_verifier sent for a code issued without a code_challenge")));
    }

    @Test
    void loginUrlCodesHaveNoChallengeAndNeedTheClientSecret() {
        Map<String, Object> authorization = loginUrlAuthorization();
        String code = open(authorization, "bob").statusCode(201).extract().path("code");
        given().auth().preemptive().basic(app.clientId(), app.secret() + "x").formParam("grant_type", "authorization_code")
                .formParam("code", code).formParam("redirect_uri", CALLBACK)
                .post("/t/" + tenant + "/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        String sessionId = given().auth().preemptive().basic(app.clientId(), app.secret())
                .formParam("grant_type", "authorization_code").formParam("code", code).formParam("redirect_uri", CALLBACK)
                .post("/t/" + tenant + "/oauth2/token").then().statusCode(200).extract().path("session_id");
        Fixtures.ISSUED_SECRETS.add(sessionId);
        // half a challenge is not a login-URL request
        authorization.put("code_challenge_method", "S256");
        open(authorization, "bob").statusCode(400).body("errors[0].field", equalTo("code_challenge"));
    }

    @Test
    void missingParametersAreInvalid() {
        String code = issueCode(app, CALLBACK, challenge(verifier), null);
        invalidGrant(given().auth().preemptive().basic(app.clientId(), app.secret()).formParam("grant_type", "authorization_code")
                .formParam("code", code).formParam("redirect_uri", CALLBACK)
                .post("/t/" + tenant + "/oauth2/token").then());
        code = issueCode(app, CALLBACK, challenge(verifier), null);
        given().auth().preemptive().basic(app.clientId(), app.secret()).formParam("grant_type", "authorization_code")
                .formParam("redirect_uri", CALLBACK).formParam("code_verifier", verifier)
                .post("/t/" + tenant + "/oauth2/token").then().statusCode(400).body("error", equalTo("invalid_request"));
        // the code survives requests that never reached it
        exchange(app, code, CALLBACK, verifier).statusCode(200);
    }

    @Test
    void authorizationRequestsAreValidatedBeforeAnySessionOpens() {
        String subject = "validation-" + System.nanoTime();
        open(authorization(app.clientId(), "https://evil.example.com/cb", challenge(verifier), "S256"), subject)
                .statusCode(400).body("errors[0].field", equalTo("redirect_uri"));
        open(authorization("no-such-app", CALLBACK, challenge(verifier), "S256"), subject)
                .statusCode(400).body("errors[0].field", equalTo("client_id"));
        open(authorization(app.clientId(), CALLBACK, verifier, "plain"), subject)
                .statusCode(400).body("errors[0].field", equalTo("code_challenge_method"));
        open(authorization(app.clientId(), CALLBACK, "short", "S256"), subject)
                .statusCode(400).body("errors[0].field", equalTo("code_challenge"));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).queryParam("subject", subject)
                .get("/admin/v1/tenants/" + tenant + "/sessions").then().statusCode(200).body("$", org.hamcrest.Matchers.empty());
    }

    @Test
    void redirectUrisAreValidatedOnRegistrationAndUpdate() {
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "redirect_uris", List.of("http://evil.example.com/cb")))
                .post("/admin/v1/tenants/" + tenant + "/apps").then().statusCode(400).body("errors.field", hasItem("redirect_uris"));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", "Renamed", "redirect_uris", List.of("https://new.example.com/cb")))
                .put("/admin/v1/tenants/" + tenant + "/apps/" + app.clientId()).then().statusCode(200)
                .body("redirect_uris", equalTo(List.of("https://new.example.com/cb"))).body("name", equalTo("Renamed"));
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).get("/internal/v1/tenants/" + tenant + "/apps/" + app.clientId())
                .then().statusCode(200).body("redirect_uris", equalTo(List.of("https://new.example.com/cb")))
                .body("client_secret", nullValue());
        given().get("/internal/v1/tenants/" + tenant + "/apps/" + app.clientId()).then().statusCode(401);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "redirect_uris", List.of("https://a.example.com/#frag")))
                .put("/admin/v1/tenants/" + tenant + "/apps/" + app.clientId()).then().statusCode(400);
    }

    @Test
    void discoveryAdvertisesTheCodeFlow() {
        given().get("/t/" + tenant + "/.well-known/openid-configuration").then().statusCode(200)
                .body("authorization_endpoint", equalTo("http://localhost:8080/t/" + tenant + "/authorize"))
                .body("grant_types_supported", hasItem("authorization_code"))
                .body("code_challenge_methods_supported", equalTo(List.of("S256")));
    }

    private String issueCode(Fixtures.App forApp, String redirectUri, String challenge, String nonce) {
        Map<String, Object> authorization = authorization(forApp.clientId(), redirectUri, challenge, "S256");
        if (nonce != null) {
            authorization.put("nonce", nonce);
        }
        return open(authorization, "alice").statusCode(201).body("session_id", nullValue()).extract().path("code");
    }

    private ValidatableResponse open(Map<String, Object> authorization, String subject) {
        return given().auth().oauth2(Fixtures.INTERNAL_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("tenant_id", tenant, "subject", subject, "amr", List.of("fed"), "authorization", authorization))
                .post("/internal/v1/sessions").then();
    }

    /** A login URL's request: no challenge, no nonce. */
    private Map<String, Object> loginUrlAuthorization() {
        Map<String, Object> authorization = new LinkedHashMap<>();
        authorization.put("client_id", app.clientId());
        authorization.put("redirect_uri", CALLBACK);
        return authorization;
    }

    private static Map<String, Object> authorization(String clientId, String redirectUri, String challenge, String method) {
        Map<String, Object> authorization = new LinkedHashMap<>();
        authorization.put("client_id", clientId);
        authorization.put("redirect_uri", redirectUri);
        authorization.put("code_challenge", challenge);
        authorization.put("code_challenge_method", method);
        return authorization;
    }

    private ValidatableResponse exchange(Fixtures.App client, String code, String redirectUri, String codeVerifier) {
        return given().auth().preemptive().basic(client.clientId(), client.secret())
                .formParam("grant_type", "authorization_code").formParam("code", code)
                .formParam("redirect_uri", redirectUri).formParam("code_verifier", codeVerifier)
                .post("/t/" + client.tenant() + "/oauth2/token").then();
    }

    private static void invalidGrant(ValidatableResponse response) {
        response.statusCode(400).contentType("application/json").body("error", equalTo("invalid_grant"))
                .body("id_token", nullValue()).body("session_id", nullValue());
    }

    private static Fixtures.App appWithRedirect(String tenant, String... uris) {
        var response = given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", "Web", "redirect_uris", List.of(uris)))
                .post("/admin/v1/tenants/" + tenant + "/apps").then().statusCode(201).extract();
        Fixtures.ISSUED_SECRETS.add(response.path("client_secret"));
        return new Fixtures.App(tenant, response.path("client_id"), response.path("client_secret"));
    }

    static String challenge(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
    }
}
