package io.jitsso.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A dotted path into a JSON claims document, such as {@code realm_access.roles} or {@code groups.name}.
 * A segment holding dots (namespaced claims like {@code https://example.com/roles}) is written in
 * double quotes: {@code "https://example.com/roles"}. Arrays along the way are walked element by
 * element, so a path is multi-valued: every string, number or boolean it reaches is a value.
 */
public final class ClaimPath {

    public static final int MAX_LENGTH = 300;
    public static final int MAX_SEGMENTS = 10;
    /** Upper bound on the values one path yields: an upstream cannot make a sign-in arbitrarily expensive. */
    public static final int MAX_VALUES = 256;
    /** Longer values are ignored: no legitimate role or attribute is that long. */
    public static final int MAX_VALUE_LENGTH = 1024;

    private final String text;
    private final List<String> segments;

    private ClaimPath(String text, List<String> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
    }

    /** Parses a path; an {@link IllegalArgumentException} says what is wrong with it. */
    public static ClaimPath parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("at most " + MAX_LENGTH + " characters");
        }
        List<String> segments = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int end;
            String segment;
            if (text.charAt(i) == '"') {
                end = text.indexOf('"', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated quoted segment");
                }
                segment = text.substring(i + 1, end);
                end++;
            } else {
                end = text.indexOf('.', i);
                end = end < 0 ? text.length() : end;
                segment = text.substring(i, end);
                if (segment.indexOf('"') >= 0) {
                    throw new IllegalArgumentException("a quote may only open a segment");
                }
            }
            checkSegment(segment);
            segments.add(segment);
            if (end < text.length()) {
                if (text.charAt(end) != '.' || end == text.length() - 1) {
                    throw new IllegalArgumentException("segments are separated by single dots");
                }
                end++;
            }
            i = end;
        }
        if (segments.size() > MAX_SEGMENTS) {
            throw new IllegalArgumentException("at most " + MAX_SEGMENTS + " segments");
        }
        return new ClaimPath(text, segments);
    }

    private static void checkSegment(String segment) {
        if (segment.isEmpty()) {
            throw new IllegalArgumentException("empty segment");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException("segments are visible ASCII characters");
            }
        }
    }

    /** Every value the path reaches in {@code document}, in document order. */
    public List<String> values(JsonNode document) {
        List<JsonNode> current = List.of(document == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : document);
        for (String segment : segments) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                step(node, segment, next);
            }
            current = next;
        }
        List<String> values = new ArrayList<>();
        for (JsonNode node : current) {
            if (node.isArray()) {
                node.forEach(element -> addScalar(element, values));
            } else {
                addScalar(node, values);
            }
        }
        return values;
    }

    /** The first value, for single-valued attributes such as email. */
    public Optional<String> first(JsonNode document) {
        List<String> values = values(document);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static void step(JsonNode node, String segment, List<JsonNode> next) {
        if (node.isObject()) {
            JsonNode child = node.get(segment);
            if (child != null && !child.isNull()) {
                next.add(child);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (element.isObject()) {
                    step(element, segment, next);
                }
            }
        }
    }

    private static void addScalar(JsonNode node, List<String> values) {
        if (values.size() >= MAX_VALUES) {
            return;
        }
        if (node.isTextual() || node.isNumber() || node.isBoolean()) {
            String value = node.asText();
            if (!value.isEmpty() && value.length() <= MAX_VALUE_LENGTH) {
                values.add(value);
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClaimPath path && path.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
