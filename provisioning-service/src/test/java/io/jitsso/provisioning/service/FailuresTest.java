package io.jitsso.provisioning.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.provisioning.messaging.MalformedEvent;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void uniqueViolationIsRecognisedThroughWrappers() {
        PgException duplicate = new PgException("duplicate key", "ERROR", "23505", null);
        assertTrue(Failures.isUniqueViolation(new CompletionException(duplicate)));
        assertFalse(Failures.isTransient(duplicate), "a constraint violation does not go away by waiting");
    }

    @Test
    void infrastructureFailuresAreTransient() {
        assertTrue(Failures.isTransient(new PgException("deadlock", "ERROR", "40P01", null)));
        assertTrue(Failures.isTransient(new PgException("serialization", "ERROR", "40001", null)));
        assertTrue(Failures.isTransient(new PgException("shutdown", "FATAL", "57P01", null)));
        assertTrue(Failures.isTransient(new CompletionException(new ConnectException("refused"))));
        assertTrue(Failures.isTransient(ClosedConnectionException.INSTANCE));
    }

    @Test
    void badEventsAndBugsAreNot() {
        assertFalse(Failures.isTransient(new MalformedEvent("not JSON")));
        assertFalse(Failures.isTransient(new IllegalStateException("bug")));
        assertFalse(Failures.isTransient(new PgException("value too long", "ERROR", "22001", null)));
    }
}
