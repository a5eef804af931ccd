package io.jitsso.migration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The foundation every later feature relies on: probes, metrics, OpenAPI and the migrated schema. */
@QuarkusTest
class ServiceHealthTest {

    /** The reactive pool the service runs on. */
    private static final String REACTIVE_DATABASE_CHECK = "Reactive PostgreSQL connections health check";
    /** The JDBC pool Flyway migrates through at start. */
    private static final String JDBC_DATABASE_CHECK = "Database connections health check";
    private static final String KAFKA_CHECK = "Kafka connection health check";

    @Inject
    Pool pool;

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void readinessCoversDatabaseAndKafka() {
        given().when().get("/q/health/ready")
                .then().log().ifValidationFails().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(REACTIVE_DATABASE_CHECK, JDBC_DATABASE_CHECK, KAFKA_CHECK))
                .body(statusOf(REACTIVE_DATABASE_CHECK), equalTo("UP"))
                .body(statusOf(JDBC_DATABASE_CHECK), equalTo("UP"))
                .body(statusOf(KAFKA_CHECK), equalTo("UP"));
    }

    @Test
    void prometheusMetricsAreExposed() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDocumentNamesTheService() {
        given().when().get("/q/openapi")
                .then().statusCode(200)
                .body(containsString("JIT SSO migration-service"));
    }

    @Test
    void flywayCreatedTheOutbox() {
        long rows = pool.query("select count(*) from outbox").execute()
                .map(result -> result.iterator().next().getLong(0))
                .await().atMost(Duration.ofSeconds(10));
        assertEquals(0, rows);
    }

    @Test
    void unknownPathIsNotFound() {
        given().when().get("/no-such-path")
                .then().statusCode(404);
    }

    private static String statusOf(String check) {
        return "checks.find { it.name == '" + check + "' }.status";
    }
}
