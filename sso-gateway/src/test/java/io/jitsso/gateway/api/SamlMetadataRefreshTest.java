package io.jitsso.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.jitsso.gateway.service.MetadataRefresh;
import io.jitsso.gateway.support.Fixtures;
import io.jitsso.gateway.support.ForgingSamlIdp;
import io.jitsso.gateway.support.SamlFixtures;
import io.jitsso.gateway.support.SamlFixtures.AtIdp;
import io.jitsso.gateway.support.SamlFixtures.SamlConnection;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Periodic metadata refresh against a local HTTP server whose metadata changes the way an IdP's does
 * when it rotates its signing key: old key, old and new, new only. Sign-ins go through the real ACS;
 * a failed or invalid fetch must keep the keys the connection has.
 */
@QuarkusTest
class SamlMetadataRefreshTest {

    private static final String SSO_V2 = SamlFixtures.IDP_SSO_URL + "/v2";

    @Inject
    MetadataRefresh refresh;

    private HttpServer server;
    private final AtomicReference<String> served = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void serveMetadata() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metadata", exchange -> {
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/samlmetadata+xml");
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String metadataUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/metadata";
    }

    @Test
    void aKeyRotationAtTheIdpReachesTheGatewayAndTheOldKeyStopsWorking() {
        ForgingSamlIdp before = ForgingSamlIdp.create("https://idp.example.test/" + UUID.randomUUID());
        ForgingSamlIdp after = ForgingSamlIdp.rotated(before);
        served.set(ForgingSamlIdp.metadataXml(before.entityId(), SamlFixtures.IDP_SSO_URL, List.of(before.certificate())));
        SamlConnection connection = create(before);
        assertSignsIn(connection, before, SamlFixtures.IDP_SSO_URL);
        assertRefused(connection, after, "the new key is not pinned before the IdP publishes it");

        // the IdP publishes the new key next to the old one and moves its SSO endpoint
        served.set(ForgingSamlIdp.metadataXml(before.entityId(), SSO_V2, List.of(before.certificate(), after.certificate())));
        assertEquals(MetadataRefresh.Outcome.UPDATED, refreshed(connection));
        showsCertificates(connection, 2, SSO_V2);
        assertSignsIn(connection, before, SSO_V2);
        assertSignsIn(connection, after, SSO_V2);
        assertEquals(MetadataRefresh.Outcome.UNCHANGED, refreshed(connection), "nothing new, nothing written");

        // then drops the old key: a response signed with it is refused from now on
        served.set(ForgingSamlIdp.metadataXml(before.entityId(), SSO_V2, List.of(after.certificate())));
        assertEquals(MetadataRefresh.Outcome.UPDATED, refreshed(connection));
        showsCertificates(connection, 1, SSO_V2);
        assertRefused(connection, before, "the old key is gone from the metadata");
        assertSignsIn(connection, after, SSO_V2);
    }

    @Test
    void aFailedOrInvalidFetchKeepsTheCurrentKeys() {
        ForgingSamlIdp idp = ForgingSamlIdp.create("https://idp.example.test/" + UUID.randomUUID());
        ForgingSamlIdp attacker = ForgingSamlIdp.create("https://attacker.example.test/" + UUID.randomUUID());
        served.set(idp.metadataXml(SamlFixtures.IDP_SSO_URL));
        SamlConnection connection = create(idp);
        Map<String, String> broken = new HashMap<>();
        broken.put("an HTTP error", idp.metadataXml(SamlFixtures.IDP_SSO_URL));
        broken.put("not XML", "<html>maintenance</html");
        broken.put("a DTD", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>");
        broken.put("another entity id", attacker.metadataXml(SamlFixtures.IDP_SSO_URL));
        broken.put("no signing certificate", idp.metadataXml(SamlFixtures.IDP_SSO_URL)
                .replaceAll("<md:KeyDescriptor.*?</md:KeyDescriptor>", ""));
        broken.put("an http SSO URL", ForgingSamlIdp.metadataXml(idp.entityId(), "http://idp.example.test/sso",
                List.of(attacker.certificate())));
        double failedBefore = failedRefreshes();
        int failures = 0;
        for (Map.Entry<String, String> bad : broken.entrySet()) {
            served.set(bad.getValue());
            status.set(bad.getKey().equals("an HTTP error") ? 503 : 200);
            assertEquals(MetadataRefresh.Outcome.FAILED, refreshed(connection), bad.getKey());
            failures++;
            showsCertificates(connection, 1, SamlFixtures.IDP_SSO_URL);
        }
        assertSignsIn(connection, idp, SamlFixtures.IDP_SSO_URL);
        assertRefused(connection, attacker, "a key from a rejected document is never pinned");
        assertTrue(failedRefreshes() >= failedBefore + failures, "each failure is counted");
        status.set(200);
    }

    /**
     * With a metadata signing certificate configured, only metadata signed by it is taken, on save
     * and on refresh: unsigned or otherwise signed documents keep the current keys.
     */
    @Test
    void signedMetadataIsRequiredWhenASigningCertificateIsConfigured() {
        ForgingSamlIdp idp = ForgingSamlIdp.create("https://idp.example.test/" + UUID.randomUUID());
        ForgingSamlIdp rotated = ForgingSamlIdp.rotated(idp);
        ForgingSamlIdp metadataSigner = ForgingSamlIdp.create("https://federation.example.test/signer");
        ForgingSamlIdp attacker = ForgingSamlIdp.create("https://attacker.example.test/" + UUID.randomUUID());
        String unsigned = idp.metadataXml(SamlFixtures.IDP_SSO_URL);

        served.set(unsigned);
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Map<String, Object> saml = new HashMap<>();
        saml.put("metadata_url", metadataUrl());
        saml.put("metadata_signing_certificate", metadataSigner.certificatePem());
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(io.restassured.http.ContentType.JSON)
                .body(SamlFixtures.body(app, saml, Map.of())).post("/admin/v1/tenants/" + app.tenant() + "/connections")
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("saml.metadata_url"));

        served.set(metadataSigner.signMetadata(unsigned, null));
        SamlConnection connection = SamlFixtures.create(app, SamlFixtures.body(app, saml, Map.of()));
        assertSignsIn(connection, idp, SamlFixtures.IDP_SSO_URL);

        for (String forged : List.of(
                ForgingSamlIdp.metadataXml(idp.entityId(), SamlFixtures.IDP_SSO_URL, List.of(attacker.certificate())),
                attacker.signMetadata(ForgingSamlIdp.metadataXml(idp.entityId(), SamlFixtures.IDP_SSO_URL,
                        List.of(attacker.certificate())), null))) {
            served.set(forged);
            assertEquals(MetadataRefresh.Outcome.FAILED, refreshed(connection));
        }
        assertRefused(connection, attacker, "an unsigned or foreign-signed document never pins a key");

        served.set(metadataSigner.signMetadata(ForgingSamlIdp.metadataXml(idp.entityId(), SamlFixtures.IDP_SSO_URL,
                List.of(rotated.certificate())), null));
        assertEquals(MetadataRefresh.Outcome.UPDATED, refreshed(connection));
        assertSignsIn(connection, rotated, SamlFixtures.IDP_SSO_URL);
        assertRefused(connection, idp, "the old key is gone from the signed metadata");

        Map<String, Object> typedIn = new HashMap<>(Map.of("entity_id", idp.entityId(), "sso_url", SamlFixtures.IDP_SSO_URL,
                "certificates", List.of(idp.certificatePem()), "metadata_signing_certificate", metadataSigner.certificatePem()));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(io.restassured.http.ContentType.JSON)
                .body(SamlFixtures.body(app, typedIn, Map.of())).post("/admin/v1/tenants/" + app.tenant() + "/connections")
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("saml.metadata_signing_certificate"));
    }

    private SamlConnection create(ForgingSamlIdp idp) {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Map<String, Object> saml = new HashMap<>();
        saml.put("metadata_url", metadataUrl());
        return SamlFixtures.create(app, SamlFixtures.body(app, saml, Map.of()));
    }

    private MetadataRefresh.Outcome refreshed(SamlConnection connection) {
        List<MetadataRefresh.Result> results = refresh.refreshAll().await().atMost(Duration.ofSeconds(30));
        return results.stream().filter(result -> result.connectionId().equals(connection.id())).findFirst()
                .orElseThrow(() -> new AssertionError("connection not refreshed: " + results)).outcome();
    }

    private static void showsCertificates(SamlConnection connection, int count, String ssoUrl) {
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .get("/admin/v1/tenants/" + connection.connection().tenant() + "/connections/" + connection.id())
                .then().statusCode(200).body("saml.certificates.size()", equalTo(count)).body("saml.sso_url", equalTo(ssoUrl));
    }

    private static void assertSignsIn(SamlConnection connection, ForgingSamlIdp signer, String ssoUrl) {
        AtIdp atIdp = SamlFixtures.toIdp(connection.connection().loginUrl());
        assertTrue(atIdp.redirectUrl().startsWith(ssoUrl + "?"), () -> "sent to " + atIdp.redirectUrl());
        HttpResponse<String> acs = atIdp.post(connection, signer.response(connection.spEntityId(), connection.acsUrl(),
                atIdp.requestId()).attribute("Role", "corp-admins").base64());
        SamlFixtures.assertRedirectedTo(acs, connection.app().redirectUri() + "?code=");
    }

    private static void assertRefused(SamlConnection connection, ForgingSamlIdp signer, String why) {
        AtIdp atIdp = SamlFixtures.toIdp(connection.connection().loginUrl());
        HttpResponse<String> acs = atIdp.post(connection, signer.response(connection.spEntityId(), connection.acsUrl(),
                atIdp.requestId()).base64());
        assertEquals(401, acs.statusCode(), why);
        assertTrue(acs.headers().firstValue("Location").isEmpty(), why);
    }

    private static double failedRefreshes() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jitsso_gateway_saml_metadata_refresh_total") && line.contains("outcome=\"failed\"")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
