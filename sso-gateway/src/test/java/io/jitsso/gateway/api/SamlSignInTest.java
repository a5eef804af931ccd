package io.jitsso.gateway.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.Topics;
import io.jitsso.gateway.persistence.SamlReplayStore;
import io.jitsso.gateway.support.Browser;
import io.jitsso.gateway.support.Events;
import io.jitsso.gateway.support.Fixtures;
import io.jitsso.gateway.support.ForgingSamlIdp;
import io.jitsso.gateway.support.SamlFixtures;
import io.jitsso.gateway.support.SamlFixtures.AtIdp;
import io.jitsso.gateway.support.SamlFixtures.SamlConnection;
import io.jitsso.gateway.support.SignatureWrapping;
import io.jitsso.testing.PostgresDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Federated sign-in over SAML 2.0 end to end: the gateway's login URL and authorization endpoint,
 * the AuthnRequest over HTTP-Redirect, the forging IdP's responses posted to the real ACS, real
 * session-service, real PostgreSQL and Kafka.
 */
@QuarkusTest
class SamlSignInTest {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(20);
    private static final ForgingSamlIdp IDP = ForgingSamlIdp.create("https://idp.example.test/" + UUID.randomUUID());

    @Inject
    SamlReplayStore replays;

    private static SamlConnection connection(Map<String, Object> saml, Map<String, Object> overrides) {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        return SamlFixtures.create(app, IDP, saml, overrides);
    }

    private static ForgingSamlIdp.ResponseSpec answer(SamlConnection connection, AtIdp atIdp, String user) {
        return IDP.response(connection.spEntityId(), connection.acsUrl(), atIdp.requestId()).with(r -> r.nameId = user);
    }

    @Test
    void loginUrlSignInMapsTheMultiValuedRoleAttributeAndCountsAccountVersions() {
        SamlConnection connection = connection(Map.of(), Map.of());
        String user = "saml-" + UUID.randomUUID() + "@corp.example";

        AtIdp atIdp = SamlFixtures.toIdp(connection.connection().loginUrl());
        String request = ForgingSamlIdp.authnRequestXml(atIdp.redirectUrl());
        assertTrue(request.contains("AssertionConsumerServiceURL=\"" + connection.acsUrl() + "\""), request);
        assertTrue(request.contains("Destination=\"" + SamlFixtures.IDP_SSO_URL + "\""), request);
        assertTrue(request.contains(">" + connection.spEntityId() + "<"), "the SP entity id is the issuer: " + request);
        assertNull(ForgingSamlIdp.parameter(atIdp.redirectUrl(), "Signature"), "unsigned unless configured");

        HttpResponse<String> acs = atIdp.post(connection, answer(connection, atIdp, user)
                .attribute("Role", "corp-admins", "team-web-editors", "unmapped")
                .attribute("email", "kay@corp.example").attribute("givenName", "Kay").base64());
        SamlFixtures.assertRedirectedTo(acs, connection.app().redirectUri() + "?code=");
        Response tokens = Fixtures.exchange(connection.app(), SamlFixtures.locationParameter(acs, "code"), null);
        tokens.then().log().ifValidationFails().statusCode(200);
        Map<String, Object> idToken = Fixtures.claims(tokens.path("id_token"));
        assertEquals(List.of("admin", "editor"), idToken.get("roles"));
        assertEquals("kay@corp.example", idToken.get("email"));
        assertEquals(false, idToken.get("email_verified"), "SAML does not vouch for email unless mapped");
        assertEquals("Kay", idToken.get("given_name"));
        assertEquals(List.of("fed"), idToken.get("amr"));

        AtIdp again = SamlFixtures.toIdp(connection.connection().loginUrl());
        HttpResponse<String> second = again.post(connection, answer(connection, again, user).attribute("Role", "corp-admins").base64());
        SamlFixtures.assertRedirectedTo(second, connection.app().redirectUri() + "?code=");

        Events.Event v1 = Events.await(Topics.SIGNIN_SUCCEEDED, e -> user.equals(e.value().path("upstream_subject").asText())
                && e.value().path("account_version").asLong() == 1, EVENT_WAIT);
        Events.Event v2 = Events.await(Topics.SIGNIN_SUCCEEDED, e -> user.equals(e.value().path("upstream_subject").asText())
                && e.value().path("account_version").asLong() == 2, EVENT_WAIT);
        assertEquals("saml", v1.value().path("protocol").asText());
        assertEquals(idToken.get("sub"), v1.value().path("account_id").asText());
        assertEquals(v1.value().path("account_id").asText(), v2.value().path("account_id").asText(), "one subject, one account");
        assertEquals(List.of("admin"), List.of(v2.value().path("roles").path(0).asText()));
    }

    @Test
    void appInitiatedSignInKeepsStateAndPkce() {
        SamlConnection connection = connection(Map.of(), Map.of());
        Fixtures.Pkce pkce = Fixtures.pkce();
        String state = "st-" + UUID.randomUUID();
        AtIdp atIdp = SamlFixtures.toIdp(Fixtures.authorizeUrl(connection.connection(), pkce, state, "nonce-1"));
        HttpResponse<String> acs = atIdp.post(connection, answer(connection, atIdp, "pat@corp.example")
                .attribute("Role", "team-db-editors").base64());
        SamlFixtures.assertRedirectedTo(acs, connection.app().redirectUri() + "?code=");
        assertEquals(state, SamlFixtures.locationParameter(acs, "state"));
        Response tokens = Fixtures.exchange(connection.app(), SamlFixtures.locationParameter(acs, "code"), pkce.verifier());
        tokens.then().statusCode(200);
        assertEquals("nonce-1", Fixtures.claims(tokens.path("id_token")).get("nonce"));
        assertEquals(List.of("editor"), Fixtures.claims(tokens.path("id_token")).get("roles"));
    }

    @Test
    void theLoginUrlGoesStraightToTheIdpAndAReloadOfStartReplacesTheRequest() {
        SamlConnection connection = connection(Map.of(), Map.of());
        Browser browser = Fixtures.browser();
        HttpResponse<String> login = browser.get(connection.connection().loginUrl());
        assertEquals(302, login.statusCode(), login::body);
        String location = login.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(SamlFixtures.IDP_SSO_URL + "?"), location);
        assertEquals("no-store", login.headers().firstValue("Cache-Control").orElseThrow());

        AtIdp first = new AtIdp(browser, location, ForgingSamlIdp.requestId(ForgingSamlIdp.authnRequestXml(location)),
                ForgingSamlIdp.parameter(location, "RelayState"));
        AtIdp reloaded = SamlFixtures.toIdp(browser, connection.acsUrl().replace("/acs", "/start"));
        assertNotEquals(first.requestId(), reloaded.requestId());
        assertRefused(first.post(connection, answer(connection, first, "pat@corp.example").base64()), 401,
                "could not be verified");
        // that answer came with the replaced request's RelayState: not the answer to this request, so it does not end it
        SamlFixtures.assertRedirectedTo(reloaded.post(connection, answer(connection, reloaded, "pat@corp.example").base64()),
                connection.app().redirectUri() + "?code=");

        AtIdp again = SamlFixtures.toIdp(browser, connection.connection().loginUrl());
        AtIdp reloadedAgain = SamlFixtures.toIdp(browser, connection.acsUrl().replace("/acs", "/start"));
        SamlFixtures.assertRedirectedTo(reloadedAgain.post(connection,
                answer(connection, reloadedAgain, "pat@corp.example").base64()), connection.app().redirectUri() + "?code=");
        assertNotEquals(again.requestId(), reloadedAgain.requestId());
    }

    @Test
    void aForgedResponseIsARefusalPageAndUsesUpTheRequest() {
        SamlConnection connection = connection(Map.of(), Map.of());
        AtIdp atIdp = SamlFixtures.toIdp(connection.connection().loginUrl());
        HttpResponse<String> forged = atIdp.post(connection, answer(connection, atIdp, "mallory@corp.example")
                .with(r -> r.signingKeys = ForgingSamlIdp.otherKeys()).base64());
        assertRefused(forged, 401, "could not be verified");
        HttpResponse<String> late = atIdp.post(connection, answer(connection, atIdp, "mallory@corp.example").base64());
        assertRefused(late, 401, "could not be verified");
    }

    @Test
    void aResponseToAnotherBrowsersRequestIsRefused() {
        SamlConnection connection = connection(Map.of(), Map.of());
        AtIdp victim = SamlFixtures.toIdp(connection.connection().loginUrl());
        AtIdp attacker = SamlFixtures.toIdp(connection.connection().loginUrl());
        String toVictim = answer(connection, victim, "victim@corp.example").base64();
        assertRefused(attacker.post(connection, toVictim, attacker.relayState()), 401, "could not be verified");
        assertRefused(victim.post(connection, toVictim, "another-relay-state"), 401, "could not be verified");
        // a POST with another RelayState is not the IdP's answer: the victim's own answer still completes
        SamlFixtures.assertRedirectedTo(victim.post(connection, toVictim), connection.app().redirectUri() + "?code=");
    }

    @Test
    void aCrossSiteErrorResponseShowsNoTextOfItsOwnAndCancelsNothing() {
        SamlConnection connection = connection(Map.of(), Map.of());
        AtIdp victim = SamlFixtures.toIdp(connection.connection().loginUrl());
        String lure = IDP.response(connection.spEntityId(), connection.acsUrl(), null).with(r -> {
            r.statusCode = "urn:oasis:names:tc:SAML:2.0:status:Responder";
            r.statusMessage = "Account locked: call +1 555 0100";
            r.signResponse = false;
        }).base64();
        for (HttpResponse<String> page : List.of(Fixtures.browser().post(connection.acsUrl(), Map.of("SAMLResponse", lure)),
                victim.post(connection, lure, "forged-relay-state"))) {
            assertRefused(page, 401, "could not be verified");
            assertFalse(page.body().contains("555"), page.body());
        }
        SamlFixtures.assertRedirectedTo(victim.post(connection, answer(connection, victim, "victim@corp.example").base64()),
                connection.app().redirectUri() + "?code=");
    }

    @Test
    void aReplayedAssertionIsRefusedOnAnyReplicaAndItsRecordExpires() throws Exception {
        SamlConnection connection = connection(Map.of("allow_idp_initiated", true), Map.of());
        String unsolicited = IDP.response(connection.spEntityId(), connection.acsUrl(), null)
                .with(r -> r.nameId = "idp-initiated@corp.example").attribute("Role", "corp-admins").base64();
        HttpResponse<String> first = Fixtures.browser().post(connection.acsUrl(), Map.of("SAMLResponse", unsolicited));
        SamlFixtures.assertRedirectedTo(first, connection.app().redirectUri() + "?code=");
        Fixtures.exchange(connection.app(), SamlFixtures.locationParameter(first, "code"), null).then().statusCode(200);
        assertRefused(Fixtures.browser().post(connection.acsUrl(), Map.of("SAMLResponse", unsolicited)), 401,
                "could not be verified");

        try (var db = DriverManager.getConnection(PostgresDatabase.jdbcUrl(PostgresDatabase.named("jitsso_gateway_test")),
                PostgresDatabase.USER, PostgresDatabase.PASSWORD)) {
            var count = db.prepareStatement("select count(*) from saml_replay where connection_id = ?");
            count.setString(1, connection.id());
            var rows = count.executeQuery();
            rows.next();
            assertEquals(1, rows.getInt(1), "the accepted assertion id is stored in PostgreSQL, shared by all replicas");
            var expired = db.prepareStatement("insert into saml_replay (connection_id, assertion_id, tenant_id, expires_at)"
                    + " values (?, '_expired', ?, now() - interval '1 minute')");
            expired.setString(1, connection.id());
            expired.setString(2, connection.connection().tenant());
            expired.executeUpdate();
            int purged = replays.purgeExpired(Instant.now()).await().atMost(Duration.ofSeconds(10));
            assertTrue(purged >= 1, "housekeeping removes expired replay records");
            var left = db.prepareStatement("select assertion_id from saml_replay where connection_id = ?");
            left.setString(1, connection.id());
            var remaining = left.executeQuery();
            assertTrue(remaining.next());
            assertFalse("_expired".equals(remaining.getString(1)));
            assertFalse(remaining.next(), "the live record stays");
        }
    }

    /**
     * XSW1-XSW8 through the real ACS: each forgery wraps a response the pinned IdP key signed for
     * this browser's pending request, with an evil identity outside the signed element. Each ends
     * on the refusal page without a code, and no account exists for the connection afterwards.
     */
    @Test
    void signatureWrappingXsw1ToXsw8IsRefusedAtTheAcs() throws Exception {
        SamlConnection connection = connection(Map.of(), Map.of());
        for (SignatureWrapping attack : SignatureWrapping.values()) {
            for (boolean freshIds : List.of(false, true)) {
                assertWrappingRefusedAtTheAcs(connection, attack, freshIds);
            }
        }
        try (var db = DriverManager.getConnection(PostgresDatabase.jdbcUrl(PostgresDatabase.named("jitsso_gateway_test")),
                PostgresDatabase.USER, PostgresDatabase.PASSWORD);
                var accounts = db.prepareStatement("select count(*) from upstream_account where connection_id = ?")) {
            accounts.setString(1, connection.id());
            var rows = accounts.executeQuery();
            rows.next();
            assertEquals(0, rows.getInt(1), "nobody signed in through a wrapped response, evil or victim");
        }
    }

    /** A connection's own clock skew (here the 300 s maximum) lets an IdP whose clock lags 4 minutes sign users in. */
    @Test
    void theConnectionsClockSkewAppliesAtTheAcs() {
        Instant lagging = Instant.now().minusSeconds(240);
        for (int skew : List.of(60, 300)) {
            SamlConnection connection = connection(Map.of("clock_skew_seconds", skew), Map.of());
            AtIdp atIdp = SamlFixtures.toIdp(connection.connection().loginUrl());
            HttpResponse<String> acs = atIdp.post(connection, answer(connection, atIdp, "lagging@corp.example").with(r -> {
                r.now = lagging.minusSeconds(5);
                r.notBefore = lagging.minusSeconds(10);
                r.notOnOrAfter = lagging.plusSeconds(30);
                r.confirmationNotOnOrAfter = lagging.plusSeconds(30);
            }).attribute("Role", "corp-admins").base64());
            if (skew == 60) {
                assertRefused(acs, 401, "could not be verified");
            } else {
                SamlFixtures.assertRedirectedTo(acs, connection.app().redirectUri() + "?code=");
            }
        }
    }

    private static void assertWrappingRefusedAtTheAcs(SamlConnection connection, SignatureWrapping attack, boolean freshIds) {
        AtIdp atIdp = SamlFixtures.toIdp(connection.connection().loginUrl());
        String signed = answer(connection, atIdp, "victim@corp.example").attribute("Role", "team-a-editors").with(r -> {
            r.signResponse = attack.wrapsTheResponse();
            r.signAssertion = !attack.wrapsTheResponse();
        }).xml();
        String forged = attack.forge(signed, "evil-" + attack + "@corp.example", freshIds);
        HttpResponse<String> page = atIdp.post(connection, Base64.getEncoder().encodeToString(forged.getBytes(StandardCharsets.UTF_8)));
        assertEquals(401, page.statusCode(), () -> attack + " (" + attack.shape() + ", fresh ids " + freshIds + "): " + page.body());
        assertRefused(page, 401, "could not be verified");
    }

    @Test
    void unsolicitedResponsesAreRefusedUnlessAllowed() {
        SamlConnection connection = connection(Map.of(), Map.of());
        String unsolicited = IDP.response(connection.spEntityId(), connection.acsUrl(), null).base64();
        assertRefused(Fixtures.browser().post(connection.acsUrl(), Map.of("SAMLResponse", unsolicited)), 401,
                "could not be verified");
    }

    @Test
    void aNonSuccessStatusIsExplainedOnAReadablePage() {
        SamlConnection connection = connection(Map.of(), Map.of());
        AtIdp atIdp = SamlFixtures.toIdp(connection.connection().loginUrl());
        HttpResponse<String> page = atIdp.post(connection, answer(connection, atIdp, "x").with(r -> {
            r.statusCode = "urn:oasis:names:tc:SAML:2.0:status:Responder";
            r.subStatusCode = "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed";
            r.statusMessage = "Account <locked>";
        }).base64());
        assertRefused(page, 401, "did not sign you in");
        assertTrue(page.body().contains("Responder / AuthnFailed"), page.body());
        assertTrue(page.body().contains("Account &lt;locked&gt;"), "escaped: " + page.body());
    }

    @Test
    void malformedInputGetsAPageNeverA500() {
        SamlConnection connection = connection(Map.of(), Map.of());
        AtIdp atIdp = SamlFixtures.toIdp(connection.connection().loginUrl());
        assertRefused(atIdp.post(connection, "%%% not base64 %%%"), 400, "not valid base64");
        assertRefused(atIdp.post(connection, "A".repeat(200 * 1024)), 400, "too large");
        assertRefused(Fixtures.browser().post(connection.acsUrl(), Map.of("RelayState", "x")), 400, "missing");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
        AtIdp second = SamlFixtures.toIdp(connection.connection().loginUrl());
        assertRefused(second.post(connection, Base64.getEncoder().encodeToString(xxe.getBytes(StandardCharsets.UTF_8))), 401,
                "could not be verified");
        HttpResponse<String> unknown = Fixtures.browser().post(Fixtures.gateway() + "/saml/conn-nope/acs",
                Map.of("SAMLResponse", "AAAA"));
        assertRefused(unknown, 404, "does not exist");
        // a bad percent-escape once left the request unanswered: RESTEasy's form parser failed on the event loop
        assertRefused(Fixtures.browser().postRaw(connection.acsUrl(), "SAMLResponse=%ZZ&RelayState=x"), 400, "malformed");
        assertRefused(Fixtures.browser().postRaw(connection.acsUrl(), "SAMLResponse=%E9"), 400, "not UTF-8");
        // two answers in one post: no reader may pick a different one than the verifier saw
        assertRefused(Fixtures.browser().postRaw(connection.acsUrl(), "SAMLResponse=AAAA&SAMLResponse=BBBB"), 400,
                "SAMLResponse appears more than once");
        // an id of no connection's shape (here with a NUL, which PostgreSQL would refuse) is looked up nowhere
        assertRefused(Fixtures.browser().get(Fixtures.gateway() + "/saml/conn%00x/metadata"), 404, "does not exist");
    }

    @Test
    void encryptedAssertionsAreDecryptedWithTheConnectionsSpKey() throws Exception {
        SamlConnection connection = connection(Map.of(), Map.of());
        java.security.cert.X509Certificate spCertificate = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
                .getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(connection.spCertificate()
                        .getBytes(StandardCharsets.US_ASCII)));
        AtIdp atIdp = SamlFixtures.toIdp(connection.connection().loginUrl());
        HttpResponse<String> acs = atIdp.post(connection, answer(connection, atIdp, "enc@corp.example")
                .with(r -> r.encryptFor = spCertificate).attribute("Role", "corp-admins").base64());
        SamlFixtures.assertRedirectedTo(acs, connection.app().redirectUri() + "?code=");
        Response tokens = Fixtures.exchange(connection.app(), SamlFixtures.locationParameter(acs, "code"), null);
        assertEquals(List.of("admin"), Fixtures.claims(tokens.path("id_token")).get("roles"));
    }

    @Test
    void signedAuthnRequestsVerifyWithTheSpCertificateOfTheMetadata() throws Exception {
        SamlConnection connection = connection(Map.of("sign_authn_requests", true, "name_id_format",
                "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"), Map.of());
        AtIdp atIdp = SamlFixtures.toIdp(connection.connection().loginUrl());
        String url = atIdp.redirectUrl();
        String query = url.substring(url.indexOf('?') + 1);
        String signed = query.substring(0, query.indexOf("&Signature="));
        assertEquals("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", ForgingSamlIdp.parameter(url, "SigAlg"));

        String metadata = given().get("/saml/" + connection.id() + "/metadata").then().statusCode(200)
                .contentType("application/samlmetadata+xml").extract().asString();
        assertTrue(metadata.contains("entityID=\"" + connection.spEntityId() + "\""), metadata);
        assertTrue(metadata.contains("Location=\"" + connection.acsUrl() + "\""), metadata);
        assertTrue(metadata.contains("AuthnRequestsSigned=\"true\""), metadata);
        String certificate = metadata.replaceAll("(?s).*<ds:X509Certificate>([^<]+)</ds:X509Certificate>.*", "$1");
        var x509 = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(certificate)));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(x509.getPublicKey());
        verifier.update(signed.getBytes(StandardCharsets.UTF_8));
        assertTrue(verifier.verify(Base64.getDecoder().decode(ForgingSamlIdp.parameter(url, "Signature"))),
                "the AuthnRequest signature verifies with the metadata's certificate");
        assertTrue(ForgingSamlIdp.authnRequestXml(url).contains("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"));
    }

    @Test
    void aPolicyDenialIsAPageAndADeniedEvent() {
        SamlConnection connection = connection(Map.of(), Map.of("required_roles", List.of("admin")));
        String user = "denied-" + UUID.randomUUID();
        AtIdp atIdp = SamlFixtures.toIdp(connection.connection().loginUrl());
        HttpResponse<String> page = atIdp.post(connection, answer(connection, atIdp, user).attribute("Role", "team-x-editors").base64());
        assertRefused(page, 403, "admin");
        Events.Event denied = Events.await(Topics.SIGNIN_DENIED, e -> user.equals(e.value().path("upstream_subject").asText()),
                EVENT_WAIT);
        assertEquals("saml", denied.value().path("protocol").asText());
    }

    @Test
    void disconnectEndsSessionsAndTheSpEndpoints() {
        SamlConnection connection = connection(Map.of(), Map.of());
        AtIdp atIdp = SamlFixtures.toIdp(connection.connection().loginUrl());
        HttpResponse<String> acs = atIdp.post(connection, answer(connection, atIdp, "leaving@corp.example")
                .attribute("Role", "corp-admins").base64());
        String sessionId = Fixtures.exchange(connection.app(), SamlFixtures.locationParameter(acs, "code"), null)
                .then().statusCode(200).extract().path("session_id");
        String clientToken = Fixtures.clientToken(connection.app());
        Fixtures.silentAuth(clientToken, sessionId).then().statusCode(200);
        AtIdp pending = SamlFixtures.toIdp(connection.connection().loginUrl());

        given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .post("/admin/v1/tenants/" + connection.connection().tenant() + "/connections/" + connection.id() + "/disconnect")
                .then().statusCode(200);

        Fixtures.silentAuth(clientToken, sessionId).then().statusCode(400);
        assertRefused(pending.post(connection, answer(connection, pending, "leaving@corp.example").base64()), 404, "disconnected");
        given().get("/saml/" + connection.id() + "/metadata").then().statusCode(404);
        assertEquals(404, Fixtures.browser().get(connection.connection().loginUrl()).statusCode());

        String newLoginUrl = given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .post("/admin/v1/tenants/" + connection.connection().tenant() + "/connections/" + connection.id() + "/reconnect")
                .then().statusCode(200).extract().path("login_url");
        AtIdp back = SamlFixtures.toIdp(newLoginUrl);
        SamlFixtures.assertRedirectedTo(back.post(connection, answer(connection, back, "leaving@corp.example").base64()),
                connection.app().redirectUri() + "?code=");
    }

    @Test
    void anOidcPathNeverServesASamlConnection() {
        SamlConnection connection = connection(Map.of(), Map.of());
        Browser browser = Fixtures.browser();
        assertEquals(404, browser.get(Fixtures.gateway() + "/oidc/" + connection.id() + "/callback").statusCode());
    }

    private static void assertRefused(HttpResponse<String> response, int status, String text) {
        assertEquals(status, response.statusCode(), () -> "body: " + response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                () -> "a readable page: " + response.headers().map());
        assertTrue(response.body().contains(text), () -> "page without '" + text + "': " + response.body());
        assertTrue(response.headers().firstValue("Location").isEmpty(), "no redirect, so no code");
    }
}
