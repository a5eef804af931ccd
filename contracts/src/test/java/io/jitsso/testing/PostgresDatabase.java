package io.jitsso.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The machine's real PostgreSQL server, reached with the credentials {@code ./suite} provisions
 * (env {@code JITSSO_DB_HOST}, {@code JITSSO_DB_PORT}, {@code JITSSO_DB_USER},
 * {@code JITSSO_DB_PASSWORD}; defaults 127.0.0.1:5432 jitsso/jitsso).
 */
public final class PostgresDatabase {

    public static final String HOST = env("JITSSO_DB_HOST", "127.0.0.1");
    public static final String PORT = env("JITSSO_DB_PORT", "5432");
    public static final String USER = env("JITSSO_DB_USER", "jitsso");
    public static final String PASSWORD = env("JITSSO_DB_PASSWORD", "jitsso");

    /**
     * Suffix appended to every test database name (env {@code JITSSO_TEST_DB_SUFFIX}, letters, digits and
     * underscores only), so that two checkouts can run their tests at the same time on one server.
     */
    public static final String SUFFIX = env("JITSSO_TEST_DB_SUFFIX", "").toLowerCase().replaceAll("[^a-z0-9_]", "");

    private PostgresDatabase() {
    }

    /** The name a test database really gets: {@code base} plus {@link #SUFFIX}. */
    public static String named(String base) {
        return base + SUFFIX;
    }

    /** Creates the database if it does not exist yet; fails loudly when PostgreSQL is unreachable. */
    public static void ensureExists(String database) {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", PASSWORD);
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), props);
                var check = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            check.setString(1, database);
            if (!check.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("create database \"" + database.replace("\"", "") + "\"");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + HOST + ":" + PORT + " as " + USER
                    + " is not usable (run ./suite test, which provisions it): " + e.getMessage(), e);
        }
    }

    /** Drops the database (closing its connections) and creates it empty: a packaged service's fresh start. */
    public static void recreate(String database) {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", PASSWORD);
        String quoted = "\"" + database.replace("\"", "") + "\"";
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), props);
                var statement = connection.createStatement()) {
            statement.execute("drop database if exists " + quoted + " with (force)");
            statement.execute("create database " + quoted);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate " + database + " on " + HOST + ":" + PORT + ": "
                    + e.getMessage(), e);
        }
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    public static String reactiveUrl(String database) {
        return "postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
