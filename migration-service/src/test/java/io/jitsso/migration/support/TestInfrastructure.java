package io.jitsso.migration.support;

import io.jitsso.testing.KafkaBrokerResource;
import io.jitsso.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The module's one set of real test infrastructure, registered module-wide so every
 * {@code @QuarkusTest} class shares one application start: the JVM's Kafka broker, the
 * {@code jitsso_migration_test} database and {@link TestEnvironment} (the session-service process).
 */
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "database", value = "jitsso_migration_test"))
@QuarkusTestResource(value = TestEnvironment.class, restrictToAnnotatedClass = false)
public final class TestInfrastructure {

    private TestInfrastructure() {
    }
}
