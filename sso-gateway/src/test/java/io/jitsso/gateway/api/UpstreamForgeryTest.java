package io.jitsso.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.gateway.support.Browser;
import io.jitsso.gateway.support.Fixtures;
import io.jitsso.gateway.support.ForgingUpstream;
import io.quarkus.test.junit.QuarkusTest;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Forged or broken upstream answers never end in a code for the app: each check of the code flow
 * has a test that breaks exactly it. mock-oauth2-server lets the test set the claims it signs
 * (issuer, audience, expiry, nonce); {@link ForgingUpstream} forges what a real IdP never would
 * (no signature, HMAC with the public key, an unknown key, no nonce).
 */
@QuarkusTest
class UpstreamForgeryTest {

    @Test
    void wrongIssuerAudienceExpiryOrNonceIsRejected() {
        Fixtures.Connection connection = mockConnection("checks");
        long now = Instant.now().getEpochSecond();
        for (String claims : List.of("{\"iss\":\"http://127.0.0.1:1/elsewhere\"}", "{\"aud\":\"another-client\"}",
                "{\"exp\":" + (now - 600) + ",\"iat\":" + (now - 1200) + ",\"nbf\":" + (now - 1200) + "}",
                "{\"nonce\":\"forged-nonce\"}")) {
            Browser.Result result = Fixtures.browser().signIn(connection.loginUrl(), "mallory", claims,
                    connection.app().redirectUri());
            assertRejected(result, claims);
        }
        Browser.Result fine = Fixtures.browser().signIn(connection.loginUrl(), "mallory", "{}", connection.app().redirectUri());
        assertTrue(fine.redirectedTo(connection.app().redirectUri() + "?code="), "the same connection accepts a proper answer");
    }

    @Test
    void aTamperedStateIsRejected() {
        Fixtures.Connection connection = mockConnection("state");
        Browser browser = Fixtures.browser();
        Browser.Result atCallback = browser.toCallback(connection.loginUrl(), "mallory", "{}");
        String tampered = atCallback.location().replaceAll("state=[^&]+", "state=" + UUID.randomUUID());
        HttpResponse<String> response = browser.get(tampered);
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Location").isEmpty());
    }

    @Test
    void aReplayedCallbackNeverYieldsASecondCode() throws Exception {
        Fixtures.Connection connection = mockConnection("replay");
        Browser browser = Fixtures.browser();
        Browser.Result atCallback = browser.toCallback(connection.loginUrl(), "mallory", "{}");
        URI callback = URI.create(atCallback.location());
        String cookies = browser.cookies().getCookieStore().get(callback).stream()
                .map(HttpCookie::toString).collect(Collectors.joining("; "));

        HttpResponse<String> first = browser.get(callback.toString());
        assertEquals(302, first.statusCode());
        assertTrue(first.headers().firstValue("Location").orElseThrow().startsWith(connection.app().redirectUri() + "?code="));

        // the attacker replays the very request, with the cookies the browser had at that moment
        HttpClient attacker = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> replay = attacker.send(HttpRequest.newBuilder(callback).header("Cookie", cookies).build(),
                HttpResponse.BodyHandlers.ofString());
        assertNotEquals(302, replay.statusCode(), replay.body());
        // and the browser itself, whose state cookie is gone, is sent upstream again: never to the app
        HttpResponse<String> again = browser.get(callback.toString());
        assertFalse(again.headers().firstValue("Location").orElse("").startsWith(connection.app().redirectUri()));
    }

    @Test
    void unsignedTokensAreRejected() {
        assertForgeryRejected(ForgingUpstream.Forgery.ALG_NONE);
    }

    @Test
    void hmacKeyedWithThePublicKeyIsRejected() {
        assertForgeryRejected(ForgingUpstream.Forgery.HS256_WITH_PUBLIC_KEY);
    }

    @Test
    void aSignatureByAnUnknownKeyIsRejected() {
        assertForgeryRejected(ForgingUpstream.Forgery.UNKNOWN_KEY);
    }

    @Test
    void aMissingNonceIsRejected() {
        assertForgeryRejected(ForgingUpstream.Forgery.MISSING_NONCE);
    }

    @Test
    void aRotatedUpstreamKeyIsFetchedFromTheJwks() {
        String issuerId = "rotation-" + UUID.randomUUID();
        Fixtures.Connection connection = forgingConnection(issuerId);
        assertTrue(Fixtures.browser().signIn(connection.loginUrl(), "x", "{}", connection.app().redirectUri())
                .redirectedTo(connection.app().redirectUri() + "?code="));
        ForgingUpstream.shared().rotateKey(issuerId);
        Browser.Result afterRotation = Fixtures.browser().signIn(connection.loginUrl(), "x", "{}", connection.app().redirectUri());
        assertTrue(afterRotation.redirectedTo(connection.app().redirectUri() + "?code="), () -> "after rotation: " + afterRotation);
    }

    private void assertForgeryRejected(ForgingUpstream.Forgery forgery) {
        String issuerId = forgery.name().toLowerCase() + "-" + UUID.randomUUID();
        Fixtures.Connection connection = forgingConnection(issuerId);
        assertTrue(Fixtures.browser().signIn(connection.loginUrl(), "x", "{}", connection.app().redirectUri())
                .redirectedTo(connection.app().redirectUri() + "?code="), "the honest upstream works");
        ForgingUpstream.shared().forge(issuerId, forgery);
        assertRejected(Fixtures.browser().signIn(connection.loginUrl(), "x", "{}", connection.app().redirectUri()), forgery.name());
    }

    private static void assertRejected(Browser.Result result, String what) {
        assertNull(result.location(), () -> what + " ended at " + result);
        assertEquals(401, result.status(), () -> what + ": " + result);
        assertTrue(result.body().contains("could not be verified"), () -> what + ": " + result.body());
    }

    private static Fixtures.Connection mockConnection(String issuerId) {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        return Fixtures.createConnection(app, Fixtures.mockIssuer(issuerId), Map.of());
    }

    private static Fixtures.Connection forgingConnection(String issuerId) {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        return Fixtures.createConnection(app, ForgingUpstream.shared().newIssuer(issuerId), Map.of());
    }
}
