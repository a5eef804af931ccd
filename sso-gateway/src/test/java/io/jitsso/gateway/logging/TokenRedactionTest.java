package io.jitsso.gateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** Token content never survives into a log record; the rest of the line does. */
class TokenRedactionTest {

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    private static final String JOSE4J = "JWT (claims->{\"sub\":\"alice\",\"email\":\"alice@corp.example\",\"org\":{\"dept\":\"a}b\"},"
            + "\"exp\":1}) rejected due to invalid claims or other invalid content. Additional details: [[1] The JWT is no longer"
            + " valid - the evaluation time NumericDate{1700000600} is on or after the Expiration Time (exp=NumericDate{1})]";

    @Test
    void jose4jClaimsAreRedactedAndTheReasonStays() {
        String redacted = TokenRedaction.redact(JOSE4J);
        assertFalse(redacted.contains("alice"), redacted);
        assertFalse(redacted.contains("dept"), redacted);
        assertTrue(redacted.startsWith("JWT (claims->{redacted}) rejected"), redacted);
        assertTrue(redacted.contains("is on or after the Expiration Time"), redacted);
    }

    /** The filter must not turn a printf-style line into its bare template (the parameters were lost that way). */
    @Test
    void printfStyleLinesKeepTheirParameters() {
        ExtLogRecord plain = new ExtLogRecord(Level.INFO, "SAML response for %s rejected: %s", ExtLogRecord.FormatStyle.PRINTF,
                TokenRedactionTest.class.getName());
        plain.setParameters(new Object[] {"conn-1", "duplicate XML ID"});
        new TokenRedaction().isLoggable(plain);
        assertEquals("SAML response for conn-1 rejected: duplicate XML ID", plain.getFormattedMessage());

        ExtLogRecord withToken = new ExtLogRecord(Level.INFO, "token " + JWT + " of %s", ExtLogRecord.FormatStyle.PRINTF,
                TokenRedactionTest.class.getName());
        withToken.setParameters(new Object[] {"conn-2"});
        new TokenRedaction().isLoggable(withToken);
        assertEquals("token [token redacted] of conn-2", withToken.getFormattedMessage());
    }

    @Test
    void compactTokensAndSerializedJwsAreRedacted() {
        String line = "Unable to process JOSE object (cause: x): JsonWebSignature{\"alg\":\"none\",\"kid\":\"k\"}->" + JWT;
        String redacted = TokenRedaction.redact(line);
        assertFalse(redacted.contains("eyJ"), redacted);
        assertFalse(redacted.contains("\"kid\""), redacted);
        assertTrue(redacted.startsWith("Unable to process JOSE object (cause: x): JsonWebSignature{redacted}->[token redacted]"),
                redacted);
        assertEquals("nothing to hide {here}", TokenRedaction.redact("nothing to hide {here}"));
        assertEquals("claims->{redacted}", TokenRedaction.redact("claims->{\"open\":\"never closed"));
    }

    @Test
    void messageParametersAndExceptionsAreRewritten() {
        LogRecord record = new LogRecord(Level.SEVERE, "ID token verification has failed: %s");
        record.setParameters(new Object[] {JOSE4J, 42});
        record.setThrown(new IllegalStateException("wrapped", new RuntimeException(JOSE4J + " " + JWT)));
        assertTrue(new TokenRedaction().isLoggable(record));
        assertFalse(record.getParameters()[0].toString().contains("alice"));
        assertEquals(42, record.getParameters()[1]);
        assertFalse(record.getThrown().getMessage().contains("alice"));
        assertFalse(record.getThrown().getMessage().contains("eyJ"));
        assertNull(record.getThrown().getCause());
        assertEquals(0, record.getThrown().getStackTrace().length);

        LogRecord plain = new LogRecord(Level.INFO, "connection %s saved");
        IllegalStateException harmless = new IllegalStateException("no token here");
        plain.setParameters(new Object[] {"c1"});
        plain.setThrown(harmless);
        new TokenRedaction().isLoggable(plain);
        assertEquals("c1", plain.getParameters()[0]);
        assertEquals(harmless, plain.getThrown());
    }
}
