package io.jitsso.gateway.logging;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Keeps upstream tokens out of every log line (SPEC E2). quarkus-oidc explains a rejected ID token
 * with jose4j's message, which quotes the token's claims ({@code JWT (claims->{...})}) and at times
 * the compact token itself; those lines are worth keeping (they say which check failed), their
 * token content is not. Installed on the console and file handlers
 * ({@code quarkus.log.*.filter=token-redaction}); it rewrites the message, its parameters and the
 * attached exception's text, and drops nothing.
 */
@LoggingFilter(name = "token-redaction")
public final class TokenRedaction implements Filter {

    /** A compact JWS/JWE: base64url segments separated by dots, the first a JSON header ("eyJ"). */
    private static final Pattern COMPACT_TOKEN = Pattern.compile("eyJ[A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]*){1,4}");
    /** jose4j's renderings of the claims and headers it rejected, each followed by a JSON object. */
    private static final String[] JSON_MARKERS = {"claims->", "JsonWebSignature", "JsonWebEncryption"};

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage();
        String redactedMessage = message == null ? null : redact(message);
        if (redactedMessage != null && !redactedMessage.equals(message)) {
            // ExtLogRecord.setMessage(String) would switch a printf-style (%s) message to MessageFormat,
            // and the line would then be written as its bare template, without its parameters
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(redactedMessage, ext.getFormatStyle());
            } else {
                record.setMessage(redactedMessage);
            }
        }
        Object[] parameters = record.getParameters();
        if (parameters != null) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] != null && !(parameters[i] instanceof Number) && !(parameters[i] instanceof Boolean)) {
                    String text = parameters[i].toString();
                    String redacted = redact(text);
                    if (!redacted.equals(text)) {
                        parameters[i] = redacted;
                    }
                }
            }
        }
        Throwable thrown = record.getThrown();
        if (thrown != null && containsToken(describe(thrown))) {
            record.setThrown(new Redacted(redact(describe(thrown))));
        }
        return true;
    }

    static String redact(String text) {
        if (text.indexOf("eyJ") < 0 && text.indexOf("->{") < 0 && text.indexOf("JsonWeb") < 0) {
            return text;
        }
        String withoutJson = text;
        for (String marker : JSON_MARKERS) {
            withoutJson = redactJsonAfter(withoutJson, marker);
        }
        return COMPACT_TOKEN.matcher(withoutJson).replaceAll("[token redacted]");
    }

    /**
     * Replaces the JSON object right after each {@code marker} by {@code {redacted}}, scanning
     * braces outside of JSON strings; an object left open runs to the end of the text.
     */
    private static String redactJsonAfter(String text, String marker) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        int at;
        while ((at = text.indexOf(marker + "{", from)) >= 0) {
            int open = at + marker.length();
            out.append(text, from, open).append("{redacted}");
            from = endOfObject(text, open);
        }
        return out.append(text, Math.min(from, text.length()), text.length()).toString();
    }

    private static int endOfObject(String text, int open) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            }
        }
        return text.length();
    }

    private static boolean containsToken(String text) {
        return !redact(text).equals(text);
    }

    private static String describe(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = thrown; cause != null && text.length() < 16_384; cause = cause.getCause()) {
            text.append(cause.getClass().getName()).append(": ").append(cause.getMessage()).append("; ");
        }
        return text.toString();
    }

    /** Stands in for an exception whose message quoted a token: its chain, redacted, without the stack. */
    static final class Redacted extends RuntimeException {
        Redacted(String description) {
            super(description, null, false, false);
        }
    }
}
