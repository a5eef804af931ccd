package io.jitsso.gateway.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/** Drives migration-service's admin API: the user schema, and the redirect migration tests. */
public final class Migration {

    private Migration() {
    }

    public static String url() {
        MigrationServiceProcess.ensureRunning();
        return ConfigProvider.getConfig().getValue("test.migration-service.url", String.class);
    }

    public static void putSchema(String tenant, List<Map<String, Object>> attributes) {
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(Map.of("attributes", attributes))
                .put(url() + "/admin/v1/tenants/" + tenant + "/user-schema").then().statusCode(200);
    }

    /** A redirect source of {@code tenant} for the gateway connection {@code connectionId}. */
    public static Response createRedirectSource(String tenant, String sourceId, String connectionId,
            Map<String, String> attributeMapping) {
        return given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("id", sourceId, "type", "redirect", "name", "Legacy IdP (redirect)",
                        "settings", Map.of("connection_id", connectionId), "attribute_mapping", attributeMapping))
                .post(url() + "/admin/v1/tenants/" + tenant + "/sources");
    }

    public static void retire(String tenant, String sourceId) {
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).post(url() + "/admin/v1/tenants/" + tenant + "/sources/" + sourceId
                + "/retirement").then().statusCode(200);
    }

    /** An app registers a local password for the user of {@code sessionId} (a user migrated by redirect). */
    public static Response registerPassword(String tenant, String clientToken, String sessionId, String password) {
        return given().auth().oauth2(clientToken).contentType(ContentType.JSON)
                .body(Map.of("session_id", sessionId, "new_password", password))
                .post(url() + "/t/" + tenant + "/migration/v1/password");
    }

    /** The migration sign-in API: identifier and password, with the app's client access token. */
    public static Response signIn(String tenant, String clientToken, String identifier, String password) {
        return given().auth().oauth2(clientToken).contentType(ContentType.JSON)
                .body(Map.of("identifier", identifier, "password", password))
                .post(url() + "/t/" + tenant + "/migration/v1/sign-in");
    }

    public static Response progress(String tenant) {
        return given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get(url() + "/admin/v1/tenants/" + tenant + "/migration-progress");
    }
}
