package io.jitsso.migration.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.jitsso.migration.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The parts of redirect migration this module can show alone (the gateway's tests run it end to end
 * against the real gateway): settings are validated before the gateway is asked, an unreachable gateway
 * is a 503 and stores nothing, and the internal API takes only the internal token.
 */
@QuarkusTest
class RedirectSourceTest {

    @Test
    void settingsAreCheckedBeforeTheGatewayIsAsked() {
        String tenant = Fixtures.newTenant();
        Fixtures.createSource(tenant, Map.of("type", "redirect", "name", "Legacy", "settings",
                        Map.of("connection_id", "bad id!", "extra", 1), "attribute_mapping", Map.of()))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("settings.connection_id"))
                .body("errors.field", hasItem("settings.extra"));
        Fixtures.createSource(tenant, Map.of("type", "redirect", "name", "Legacy", "settings", Map.of(),
                        "attribute_mapping", Map.of()))
                .then().statusCode(400).body("errors[0].field", equalTo("settings.connection_id"));
    }

    @Test
    void anUnreachableGatewayIsA503AndNothingIsStored() {
        String tenant = Fixtures.newTenant();
        Fixtures.createSource(tenant, Map.of("id", "legacy-redirect", "type", "redirect", "name", "Legacy",
                        "settings", Map.of("connection_id", "conn-legacy"), "attribute_mapping", Map.of()))
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", equalTo("the gateway is unavailable, so the connection cannot be checked; try again in a moment"));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/" + tenant + "/sources/legacy-redirect")
                .then().statusCode(404);
    }

    @Test
    void theInternalApiTakesOnlyTheInternalToken() {
        Map<String, Object> handoff = Map.of("connection_id", "conn-x", "subject", "someone", "profile", Map.of(),
                "amr", List.of());
        String path = "/internal/v1/tenants/" + Fixtures.newTenant() + "/redirect-migrations";
        given().contentType(ContentType.JSON).body(handoff).post(path).then().statusCode(401);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(handoff).post(path)
                .then().statusCode(401);
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).contentType(ContentType.JSON).body(handoff).post(path)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Fixtures.INTERNAL_TOKEN).contentType(ContentType.JSON).body(Map.of("subject", "x"))
                .post(path).then().statusCode(400).contentType("application/problem+json");
    }
}
