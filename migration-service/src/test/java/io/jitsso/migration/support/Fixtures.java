package io.jitsso.migration.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;

/** Drives the real APIs (migration-service, session-service) to set up tenants, apps and sources. */
public final class Fixtures {

    /** The same values as migration-service's %test profile; session-service gets them from TestEnvironment. */
    public static final String OPERATOR_TOKEN = "test-operator-token-0123456789abcdef";
    public static final String INTERNAL_TOKEN = "test-internal-token-0123456789abcdef";
    public static final String SESSION_MASTER_KEY = "c2Vzc2lvbi1zZXJ2aWNlLW1pZ3Rlc3Qta2V5LTAxMjM=";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every password a test used: none of them may ever appear in a log. */
    public static final Set<String> PASSWORDS_USED = ConcurrentHashMap.newKeySet();

    private Fixtures() {
    }

    public record App(String tenant, String clientId, String secret, String token) {
    }

    public static String sessionService() {
        return ConfigProvider.getConfig().getValue("test.session-service.url", String.class);
    }

    /** A distinctive password, remembered for the log check. */
    public static String password() {
        String password = "Pw-" + UUID.randomUUID() + "-\"quote'";
        PASSWORDS_USED.add(password);
        return password;
    }

    public static String newTenant() {
        String id = "mig" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(OPERATOR_TOKEN).contentType(ContentType.JSON).body(Map.of("id", id, "name", "Tenant " + id))
                .post(sessionService() + "/admin/v1/tenants").then().statusCode(201);
        return id;
    }

    /** An app of the tenant with a fresh client access token. */
    public static App newApp(String tenant) {
        Response response = given().auth().oauth2(OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", "App of " + tenant))
                .post(sessionService() + "/admin/v1/tenants/" + tenant + "/apps");
        response.then().statusCode(201);
        String clientId = response.path("client_id");
        String secret = response.path("client_secret");
        return new App(tenant, clientId, secret, clientToken(tenant, clientId, secret));
    }

    public static String clientToken(String tenant, String clientId, String secret) {
        return given().auth().preemptive().basic(clientId, secret).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .post(sessionService() + "/t/" + tenant + "/oauth2/token")
                .then().statusCode(200).extract().path("access_token");
    }

    public static Response createSource(String tenant, Map<String, Object> body) {
        return given().auth().oauth2(OPERATOR_TOKEN).contentType(ContentType.JSON).body(body)
                .post("/admin/v1/tenants/" + tenant + "/sources");
    }

    public static void putSchema(String tenant, Object attributes) {
        given().auth().oauth2(OPERATOR_TOKEN).contentType(ContentType.JSON).body(Map.of("attributes", attributes))
                .put("/admin/v1/tenants/" + tenant + "/user-schema").then().statusCode(200);
    }

    public static Response signIn(App app, String identifier, String password) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("identifier", identifier);
        body.put("password", password);
        return given().auth().oauth2(app.token()).contentType(ContentType.JSON).body(body)
                .post("/t/" + app.tenant() + "/migration/v1/sign-in");
    }

    public static Response progress(String tenant) {
        return given().auth().oauth2(OPERATOR_TOKEN).get("/admin/v1/tenants/" + tenant + "/migration-progress");
    }

    /** The claims of a JWT (signature checked elsewhere: the app's own OIDC library does that). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> claims(String jwt) {
        try {
            return JSON.readValue(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
