package io.jitsso.provisioning;

import io.jitsso.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The module's one set of real test infrastructure: the JVM's Kafka broker and the
 * {@code jitsso_provisioning_test} database, reached through {@link PostgresWireLog}. Registered
 * module-wide, so every {@code @QuarkusTest} class shares one application start.
 */
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = WireLoggedPostgresResource.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "database", value = "jitsso_provisioning_test"))
public final class TestInfrastructure {

    private TestInfrastructure() {
    }
}
