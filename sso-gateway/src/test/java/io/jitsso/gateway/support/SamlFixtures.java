package io.jitsso.gateway.support;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SAML connections at the gateway, and a browser's way through an SP-initiated SAML sign-in. */
public final class SamlFixtures {

    /** Where the forging IdP "lives": never fetched, the test browser stops at the redirect. */
    public static final String IDP_SSO_URL = "https://idp.example.test/sso";

    private SamlFixtures() {
    }

    /** A created SAML connection with its SP side as the admin API showed it. */
    public record SamlConnection(Fixtures.Connection connection, String spEntityId, String acsUrl, String spCertificate) {

        public String id() {
            return connection.id();
        }

        public Fixtures.App app() {
            return connection.app();
        }
    }

    /** A SAML connection body for {@code idp}; {@code saml} and {@code overrides} replace fields. */
    public static Map<String, Object> body(Fixtures.App app, ForgingSamlIdp idp, Map<String, Object> saml,
            Map<String, Object> overrides) {
        Map<String, Object> samlPart = new LinkedHashMap<>();
        samlPart.put("entity_id", idp.entityId());
        samlPart.put("sso_url", IDP_SSO_URL);
        samlPart.put("certificates", List.of(idp.certificatePem()));
        samlPart.putAll(saml);
        return body(app, samlPart, overrides);
    }

    /** A SAML connection body with the {@code saml} object given (roles in the attribute {@code Role}). */
    public static Map<String, Object> body(Fixtures.App app, Map<String, Object> saml, Map<String, Object> overrides) {
        Map<String, Object> samlPart = new LinkedHashMap<>();
        samlPart.put("roles_attribute", "Role");
        samlPart.putAll(saml);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Corporate SAML IdP");
        body.put("protocol", "saml");
        body.put("saml", samlPart);
        body.putAll(Fixtures.mappingsAndApp(app));
        body.putAll(overrides);
        return body;
    }

    public static SamlConnection create(Fixtures.App app, ForgingSamlIdp idp, Map<String, Object> saml,
            Map<String, Object> overrides) {
        return create(app, body(app, idp, saml, overrides));
    }

    public static SamlConnection create(Fixtures.App app, Map<String, Object> body) {
        Response response = given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(body)
                .post("/admin/v1/tenants/" + app.tenant() + "/connections");
        response.then().log().ifValidationFails().statusCode(201);
        return new SamlConnection(new Fixtures.Connection(app.tenant(), response.path("id"), response.path("login_url"), app, null),
                response.path("saml.sp_entity_id"), response.path("saml.acs_url"), response.path("saml.sp_certificate"));
    }

    /** A browser at the IdP with the gateway's AuthnRequest: what it carries and where it goes back to. */
    public record AtIdp(Browser browser, String redirectUrl, String requestId, String relayState) {

        /** Posts a response to the ACS as the IdP's auto-submitting form would. */
        public HttpResponse<String> post(SamlConnection connection, String samlResponseBase64) {
            return post(connection, samlResponseBase64, relayState);
        }

        public HttpResponse<String> post(SamlConnection connection, String samlResponseBase64, String relay) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("SAMLResponse", samlResponseBase64);
            if (relay != null) {
                form.put("RelayState", relay);
            }
            return browser.post(connection.acsUrl(), form);
        }
    }

    /** Follows the gateway from {@code start} (a login URL or an authorization URL) to the IdP's SSO URL. */
    public static AtIdp toIdp(Browser browser, String start) {
        String url = start;
        for (int hop = 0; hop < 5; hop++) {
            HttpResponse<String> response = browser.get(url);
            assertEquals(302, response.statusCode(), () -> "at " + response.uri() + ": " + response.body());
            url = URI.create(url).resolve(response.headers().firstValue("Location").orElseThrow()).toString();
            if (url.startsWith(IDP_SSO_URL)) {
                String xml = ForgingSamlIdp.authnRequestXml(url);
                return new AtIdp(browser, url, ForgingSamlIdp.requestId(xml), ForgingSamlIdp.parameter(url, "RelayState"));
            }
        }
        throw new AssertionError("never reached the IdP from " + start);
    }

    public static AtIdp toIdp(String start) {
        return toIdp(Fixtures.browser(), start);
    }

    /** The query parameter {@code name} of a redirect's Location. */
    public static String locationParameter(HttpResponse<String> response, String name) {
        String location = response.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no redirect: " + response.statusCode() + " " + response.body()));
        return ForgingSamlIdp.parameter(location, name);
    }

    public static void assertRedirectedTo(HttpResponse<String> response, String prefix) {
        String location = response.headers().firstValue("Location").orElse(null);
        assertTrue(response.statusCode() == 302 && location != null && location.startsWith(prefix),
                () -> "expected a redirect to " + prefix + ", got " + response.statusCode() + " " + location + " " + response.body());
    }
}
