package io.jitsso.session.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.session.Fixtures;
import io.jitsso.session.service.AppDirectory;
import io.jitsso.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TokenEndpointTest {

    @Test
    void clientSecretBasicIssuesATokenThatStandardLibrariesValidate() throws Exception {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        var response = given().auth().preemptive().basic(app.clientId(), app.secret())
                .formParam("grant_type", "client_credentials")
                .post("/t/" + tenant + "/oauth2/token")
                .then().statusCode(200).header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer")).body("expires_in", equalTo(300)).extract();
        JwtClaims claims = consumer(tenant, Fixtures.issuer(tenant))
                .processToClaims(response.path("access_token"));
        assertEquals(app.clientId(), claims.getSubject());
        assertEquals(app.clientId(), claims.getClaimValue("client_id"));
        assertEquals(Fixtures.issuer(tenant), claims.getIssuer());
        assertTrue(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue() == 300);
    }

    @Test
    void clientSecretPostWorksAndRs256AppsGetRs256Tokens() throws Exception {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant, "RS256");
        String token = given().formParam("grant_type", "client_credentials")
                .formParam("client_id", app.clientId()).formParam("client_secret", app.secret())
                .post("/t/" + tenant + "/oauth2/token").then().statusCode(200).extract().path("access_token");
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"RS256\""), header);
        consumer(tenant, Fixtures.issuer(tenant)).processToClaims(token);
    }

    @Test
    void basicCredentialsAreFormUrlDecoded() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        String encoded = Base64.getEncoder().encodeToString((URLEncoder.encode(app.clientId(), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(app.secret(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        given().header("Authorization", "Basic " + encoded).formParam("grant_type", "client_credentials")
                .post("/t/" + tenant + "/oauth2/token").then().statusCode(200);
    }

    @Test
    void wrongOrMissingClientCredentialsAreInvalidClient() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        String path = "/t/" + tenant + "/oauth2/token";
        oauthError(given().auth().preemptive().basic(app.clientId(), app.secret() + "x")
                .formParam("grant_type", "client_credentials").post(path).then(), 401, "invalid_client")
                .header("WWW-Authenticate", "Basic realm=\"jitsso\"");
        oauthError(given().auth().preemptive().basic("nobody", app.secret())
                .formParam("grant_type", "client_credentials").post(path).then(), 401, "invalid_client");
        oauthError(given().formParam("grant_type", "client_credentials").post(path).then(), 400, "invalid_client");
        oauthError(given().formParam("grant_type", "client_credentials").formParam("client_id", app.clientId())
                .formParam("client_secret", "").post(path).then(), 400, "invalid_client");
        oauthError(given().header("Authorization", "Basic !!notbase64!!").formParam("grant_type", "client_credentials")
                .post(path).then(), 401, "invalid_client");
        oauthError(given().auth().oauth2("some-bearer").formParam("grant_type", "client_credentials")
                .post(path).then(), 401, "invalid_client");
    }

    @Test
    void appOfAnotherTenantIsNotAClientHere() {
        String tenantA = Fixtures.newTenant();
        String tenantB = Fixtures.newTenant();
        Fixtures.App appOfA = Fixtures.newApp(tenantA);
        oauthError(given().auth().preemptive().basic(appOfA.clientId(), appOfA.secret())
                .formParam("grant_type", "client_credentials").post("/t/" + tenantB + "/oauth2/token").then(), 401, "invalid_client");
        oauthError(given().auth().preemptive().basic(appOfA.clientId(), appOfA.secret())
                .formParam("grant_type", "client_credentials").post("/t/NOT_A_TENANT/oauth2/token").then(), 401, "invalid_client");
    }

    @Test
    void badRequestsGetOAuthErrors() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant);
        String path = "/t/" + tenant + "/oauth2/token";
        oauthError(given().auth().preemptive().basic(app.clientId(), app.secret())
                .formParam("grant_type", "password").post(path).then(), 400, "unsupported_grant_type");
        oauthError(given().auth().preemptive().basic(app.clientId(), app.secret())
                .formParam("grant_type", "").post(path).then(), 400, "invalid_request");
        oauthError(given().auth().preemptive().basic(app.clientId(), app.secret())
                .formParam("grant_type", "client_credentials").formParam("grant_type", "client_credentials")
                .post(path).then(), 400, "invalid_request");
        oauthError(given().auth().preemptive().basic(app.clientId(), app.secret())
                .formParam("grant_type", "client_credentials").formParam("client_secret", app.secret())
                .post(path).then(), 400, "invalid_request");
        oauthError(given().auth().preemptive().basic(app.clientId(), app.secret())
                .formParam("grant_type", "client_credentials").formParam("scope", "admin")
                .post(path).then(), 400, "invalid_scope");
        oauthError(given().auth().preemptive().basic(app.clientId(), app.secret()).contentType("application/json")
                .body("{\"grant_type\":\"client_credentials\"}").post(path).then(), 400, "invalid_request");
        oauthError(given().auth().preemptive().basic(app.clientId(), app.secret()).contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&padding=" + "a".repeat(70_000)).post(path).then(), 413, null);
        // a bad percent-escape, or escapes that are not UTF-8: the client's malformed request, never a 500
        oauthError(given().auth().preemptive().basic(app.clientId(), app.secret()).contentType("application/x-www-form-urlencoded")
                .body("grant_type=%ZZ").post(path).then(), 400, "invalid_request");
        oauthError(given().auth().preemptive().basic(app.clientId(), app.secret()).contentType("application/x-www-form-urlencoded")
                .body("grant_type=authorization_code&code=%E9").post(path).then(), 400, "invalid_request");
    }

    @Inject
    AppDirectory apps;

    @Test
    void aClientIdOfNoRegisteredShapeIsRefusedBeforeTheAppLookup() {
        String tenant = Fixtures.newTenant();
        String path = "/t/" + tenant + "/oauth2/token";
        int cached = apps.cachedEntries();
        for (int i = 0; i < 5; i++) {
            // the app cache keeps unknown ids too: 60 KB ones must not reach it
            String huge = i + "x".repeat(60_000);
            oauthError(given().contentType("application/x-www-form-urlencoded")
                    .body("grant_type=client_credentials&client_secret=s&client_id=" + huge).post(path).then(), 400, "invalid_client");
            oauthError(given().auth().preemptive().basic(i + "y".repeat(6_000), "s")
                    .formParam("grant_type", "client_credentials").post(path).then(), 401, "invalid_client");
            oauthError(given().auth().preemptive().basic("bad id " + i, "s")
                    .formParam("grant_type", "client_credentials").post(path).then(), 401, "invalid_client");
        }
        assertEquals(cached, apps.cachedEntries(), "no lookup was made, so nothing was cached");
    }

    private static ValidatableResponse oauthError(ValidatableResponse response, int status, String error) {
        response.statusCode(status);
        if (error != null) {
            response.contentType("application/json").body("error", equalTo(error)).header("Cache-Control", "no-store");
        }
        return response;
    }

    static JwtConsumer consumer(String tenant, String audience) throws Exception {
        String jwks = given().get("/t/" + tenant + "/jwks").then().statusCode(200).extract().asString();
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer(Fixtures.issuer(tenant))
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .build();
    }

    @Test
    void aTokenRequestWithoutHostIsAProblemNotQuarkusErrorJson() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(io.restassured.RestAssured.port,
                "POST /t/demo/oauth2/token HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0");
        assertEquals(400, answer.status(), answer::head);
        assertTrue(answer.head().toLowerCase().contains("content-type: application/problem+json"), answer::head);
        assertTrue(answer.body().contains("\"detail\":\"For HTTP/1.x requests, the 'Host' header is required\""), answer::body);
    }
}
