package io.jitsso.provisioning;

import io.jitsso.testing.PostgresDatabase;
import io.jitsso.testing.PostgresResource;
import java.util.HashMap;
import java.util.Map;

/**
 * The module's database, with the service's reactive connections passing through {@link PostgresWireLog}
 * so tests can count the statements and commits that applying events costs. Flyway's JDBC connection
 * goes straight to the server.
 */
public class WireLoggedPostgresResource extends PostgresResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        PostgresWireLog log = PostgresWireLog.shared(PostgresDatabase.HOST, Integer.parseInt(PostgresDatabase.PORT));
        config.put("quarkus.datasource.reactive.url", config.get("quarkus.datasource.reactive.url")
                .replace(PostgresDatabase.HOST + ":" + PostgresDatabase.PORT, "127.0.0.1:" + log.port()));
        return config;
    }
}
