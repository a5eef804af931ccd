package io.jitsso.gateway.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;

/** Drives the real APIs (gateway, session-service) to set up tenants, apps and connections. */
public final class Fixtures {

    /** The same values as the gateway's %test profile; session-service gets them from TestEnvironment. */
    public static final String OPERATOR_TOKEN = "test-operator-token-0123456789abcdef";
    public static final String INTERNAL_TOKEN = "test-internal-token-0123456789abcdef";
    public static final String SESSION_MASTER_KEY = "c2Vzc2lvbi1zZXJ2aWNlLWd3dGVzdC1rZXktMDEyMzQ=";
    public static final String GATEWAY_MASTER_KEY = "dGVzdC1tYXN0ZXIta2V5LTAxMjM0NTY3ODlhYmNkZWY=";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Fixtures() {
    }

    public record App(String tenant, String clientId, String secret, String redirectUri) {
    }

    /** A connection as created: its id and the login URL shown once. */
    public record Connection(String tenant, String id, String loginUrl, App app, String issuer) {
    }

    public record Pkce(String verifier, String challenge) {
    }

    public static String sessionService() {
        return ConfigProvider.getConfig().getValue("test.session-service.url", String.class);
    }

    public static String provisioningService() {
        return ConfigProvider.getConfig().getValue("test.provisioning-service.url", String.class);
    }

    public static String upstream() {
        return ConfigProvider.getConfig().getValue("test.upstream.url", String.class);
    }

    public static String gateway() {
        return ConfigProvider.getConfig().getValue("jitsso.public-base-url", String.class);
    }

    public static Browser browser() {
        return new Browser(upstream());
    }

    public static String newTenant() {
        String id = "gw" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(OPERATOR_TOKEN).contentType(ContentType.JSON).body(Map.of("id", id, "name", "Tenant " + id))
                .post(sessionService() + "/admin/v1/tenants").then().statusCode(201);
        return id;
    }

    public static App newApp(String tenant) {
        return newApp(tenant, null);
    }

    /** An app with a chosen client id (e.g. the tenant's {@code admin-portal}), or a generated one. */
    public static App newApp(String tenant, String clientId) {
        String redirectUri = "https://app-" + COUNTER.incrementAndGet() + ".example.test/callback";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "App of " + tenant);
        body.put("redirect_uris", List.of(redirectUri));
        if (clientId != null) {
            body.put("client_id", clientId);
        }
        Response response = given().auth().oauth2(OPERATOR_TOKEN).contentType(ContentType.JSON).body(body)
                .post(sessionService() + "/admin/v1/tenants/" + tenant + "/apps");
        response.then().statusCode(201);
        return new App(tenant, response.path("client_id"), response.path("client_secret"), redirectUri);
    }

    /** A connection body for mock-oauth2-server issuer {@code issuerId}; {@code overrides} replace fields. */
    public static Map<String, Object> connectionBody(App app, String issuer, Map<String, Object> overrides) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Corporate IdP");
        body.put("issuer", issuer);
        body.put("client_id", "gateway-client");
        body.put("client_secret", "upstream-secret-" + UUID.randomUUID());
        body.put("scopes", List.of("profile", "email"));
        body.put("role_source", "id_token");
        body.put("role_claim", "roles");
        body.putAll(mappingsAndApp(app));
        body.putAll(overrides);
        return body;
    }

    /**
     * The protocol-neutral part of every test connection: corp-admins → admin, team-*-editors →
     * editor, viewer by default, and the app the login URL signs into.
     */
    public static Map<String, Object> mappingsAndApp(App app) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("role_mappings", List.of(
                Map.of("match", "exact", "value", "corp-admins", "roles", List.of("admin")),
                Map.of("match", "pattern", "value", "team-[a-z]+-editors", "roles", List.of("editor"))));
        body.put("default_role", "viewer");
        body.put("app_client_id", app.clientId());
        body.put("app_redirect_uri", app.redirectUri());
        return body;
    }

    public static String mockIssuer(String issuerId) {
        return upstream() + "/" + issuerId;
    }

    public static Connection createConnection(App app, String issuer, Map<String, Object> overrides) {
        Response response = given().auth().oauth2(OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(connectionBody(app, issuer, overrides))
                .post("/admin/v1/tenants/" + app.tenant() + "/connections");
        response.then().log().ifValidationFails().statusCode(201);
        return new Connection(app.tenant(), response.path("id"), response.path("login_url"), app, issuer);
    }

    public static Pkce pkce() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The app-initiated authorization URL at the gateway. */
    public static String authorizeUrl(Connection connection, Pkce pkce, String state, String nonce) {
        return gateway() + "/t/" + connection.tenant() + "/authorize?response_type=code&client_id="
                + connection.app().clientId() + "&redirect_uri=" + encode(connection.app().redirectUri())
                + "&state=" + encode(state) + (nonce == null ? "" : "&nonce=" + encode(nonce))
                + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256&connection=" + connection.id();
    }

    /** The app's backend trades the code at session-service. */
    public static Response exchange(App app, String code, String verifier) {
        var request = given().auth().preemptive().basic(app.clientId(), app.secret())
                .formParam("grant_type", "authorization_code").formParam("code", code)
                .formParam("redirect_uri", app.redirectUri());
        if (verifier != null) {
            request.formParam("code_verifier", verifier);
        }
        return request.post(sessionService() + "/t/" + app.tenant() + "/oauth2/token");
    }

    public static String clientToken(App app) {
        return given().auth().preemptive().basic(app.clientId(), app.secret())
                .formParam("grant_type", "client_credentials")
                .post(sessionService() + "/t/" + app.tenant() + "/oauth2/token")
                .then().statusCode(200).extract().path("access_token");
    }

    public static Response silentAuth(String clientToken, String sessionId) {
        return given().auth().oauth2(clientToken).contentType(ContentType.JSON).body(Map.of("session_id", sessionId))
                .post(sessionService() + "/v1/auth/session/authenticate");
    }

    /** The claims of a JWT, decoded without verification (session-service's own tests verify signatures). */
    public static Map<String, Object> claims(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(payload).getMap("");
    }

    public static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
