package io.jitsso.contracts.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body, parsed strictly by the endpoints that take one (the token
 * endpoint, the SAML assertion consumer service). RESTEasy's own form parsing throws on a bad percent-escape: for
 * {@code @FormParam} the failure escaped on the event loop and the request never got an answer; for a form map it
 * became a 500. Here it is {@link Malformed}, which each endpoint answers in its own protocol's terms.
 */
public final class FormBody {

    /** The body is not a valid form, or names a field twice; the message names no value. */
    public static final class Malformed extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // a client's mistake, not ours: no stack to record
        }
    }

    private FormBody() {
    }

    /**
     * Each field's value, in the body's order. {@code +} is a space; a percent-escape must be two hex digits and
     * the bytes they make valid UTF-8. A field without {@code =} has the empty value; empty pairs are skipped. A
     * field that appears twice is {@link Malformed}: a repeated OAuth parameter is an error (RFC 6749 3.2), and a
     * repeated SAMLResponse could make two readers see two different answers.
     */
    public static Map<String, String> singleValued(String body) {
        if (body == null || body.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        int start = 0;
        while (start <= body.length()) {
            int end = body.indexOf('&', start);
            if (end < 0) {
                end = body.length();
            }
            if (end > start) {
                int eq = body.indexOf('=', start);
                boolean hasValue = eq >= 0 && eq < end;
                String name = decode(body, start, hasValue ? eq : end);
                String value = hasValue ? decode(body, eq + 1, end) : "";
                if (fields.putIfAbsent(name, value) != null) {
                    throw new Malformed(printable(name) + " appears more than once");
                }
            }
            start = end + 1;
        }
        return fields;
    }

    private static String decode(String body, int from, int to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = body.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= to) {
                    throw new Malformed("the body is not valid application/x-www-form-urlencoded (a % escape is cut short)");
                }
                int high = Character.digit(body.charAt(i + 1), 16);
                int low = Character.digit(body.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new Malformed("the body is not valid application/x-www-form-urlencoded (a % escape is not hex)");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c > 0x7f) {
                // not escaped as it should be: taken as the UTF-8 of the character (both halves of a surrogate pair)
                int end = Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(body.charAt(i + 1)) ? i + 2 : i + 1;
                bytes.writeBytes(body.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Malformed("the body is not valid application/x-www-form-urlencoded (the escapes are not UTF-8)");
        }
    }

    /** A field name fit for an error message: short, and without control characters. */
    private static String printable(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) + "..." : name;
        return cut.codePoints().allMatch(cp -> cp >= 0x20 && cp != 0x7f) ? cut : "a field";
    }
}
