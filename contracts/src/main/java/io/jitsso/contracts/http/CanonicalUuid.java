package io.jitsso.contracts.http;

import java.util.UUID;

/**
 * A UUID given as text, accepted only in its canonical form (lower case, with hyphens): the one spelling the
 * suite writes, so that one id has one text in paths, cache keys and comparisons.
 */
public final class CanonicalUuid {

    private CanonicalUuid() {
    }

    /** The UUID {@code text} spells canonically; null when it does not. */
    public static UUID parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            UUID parsed = UUID.fromString(text);
            return parsed.toString().equals(text) ? parsed : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
