package io.jitsso.provisioning.service;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.hibernate.JDBCException;

/**
 * Classifies failures of applying an event: a transient one (the database is away, a deadlock) is
 * retried; anything else is the event's fault or a bug, and retrying cannot help.
 */
public final class Failures {

    private static final String UNIQUE_VIOLATION = "23505";

    private Failures() {
    }

    public static boolean isUniqueViolation(Throwable failure) {
        return UNIQUE_VIOLATION.equals(sqlState(failure));
    }

    public static boolean isTransient(Throwable failure) {
        String state = sqlState(failure);
        if (state != null) {
            // connection exception, transaction rollback (serialization, deadlock), insufficient
            // resources, operator intervention (shutdown), system error, lock not available
            return state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                    || state.startsWith("57") || state.startsWith("58") || state.equals("55P03");
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof TimeoutException
                    || (cause instanceof VertxException && !(cause instanceof DatabaseException))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** The PostgreSQL SQLSTATE anywhere in the cause chain, or null. */
    static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg) {
                return pg.getSqlState();
            }
            if (cause instanceof JDBCException jdbc && jdbc.getSQLState() != null) {
                return jdbc.getSQLState();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
