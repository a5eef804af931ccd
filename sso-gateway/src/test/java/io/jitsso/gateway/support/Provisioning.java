package io.jitsso.gateway.support;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads what the real provisioning-service process made of the gateway's events, through its admin API. */
public final class Provisioning {

    private Provisioning() {
    }

    /** The tenant's users with an account of the connection, as the user API lists them. */
    public static List<Map<String, Object>> users(String tenant, String connectionId) {
        return given().auth().oauth2(Fixtures.OPERATOR_TOKEN).queryParam("connection_id", connectionId).queryParam("limit", 200)
                .get(Fixtures.provisioningService() + "/admin/v1/tenants/" + tenant + "/users")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    public static JsonPath user(String tenant, String id) {
        return given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .get(Fixtures.provisioningService() + "/admin/v1/tenants/" + tenant + "/users/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    /** The tenant's audit entries, newest first. */
    public static List<Map<String, Object>> audit(String tenant) {
        return given().auth().oauth2(Fixtures.OPERATOR_TOKEN).queryParam("limit", 200)
                .get(Fixtures.provisioningService() + "/admin/v1/tenants/" + tenant + "/audit")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** Polls the tenant's audit entries until {@code done} holds, or fails after {@code timeout}. */
    public static List<Map<String, Object>> awaitAudit(String tenant, Predicate<List<Map<String, Object>>> done,
            Duration timeout) {
        return await(() -> audit(tenant), done, timeout, "audit");
    }

    /** Polls the connection's users until {@code done} holds, or fails after {@code timeout}. */
    public static List<Map<String, Object>> awaitUsers(String tenant, String connectionId,
            Predicate<List<Map<String, Object>>> done, Duration timeout) {
        return await(() -> users(tenant, connectionId), done, timeout, "users");
    }

    private static <T> T await(java.util.function.Supplier<T> read, Predicate<T> done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("provisioning-service did not reach the expected " + what + " in " + timeout
                        + ": " + value);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            value = read.get();
        }
        return value;
    }
}
