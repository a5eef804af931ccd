package io.jitsso.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a Quarkus test application at its own database on the real PostgreSQL server. The database
 * name comes from the init arg {@code database} (plus {@link PostgresDatabase#SUFFIX}); Flyway cleans and migrates it at start so each test
 * application begins from the versioned schema.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = PostgresDatabase.named(initArgs.getOrDefault("database", "jitsso_test"));
    }

    @Override
    public Map<String, String> start() {
        PostgresDatabase.ensureExists(database);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", PostgresDatabase.jdbcUrl(database));
        config.put("quarkus.datasource.reactive.url", PostgresDatabase.reactiveUrl(database));
        config.put("quarkus.datasource.username", PostgresDatabase.USER);
        config.put("quarkus.datasource.password", PostgresDatabase.PASSWORD);
        return config;
    }

    @Override
    public void stop() {
        // the database stays for inspection after a failed run; the next run cleans it
    }
}
