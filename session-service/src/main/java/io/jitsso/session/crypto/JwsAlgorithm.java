package io.jitsso.session.crypto;

/** The JWS algorithms this suite signs with. ES256 is the default (docs/architecture.md, ADR-2). */
public enum JwsAlgorithm {
    ES256,
    RS256;

    /** Parses an algorithm name; null for anything else, including "none" and HMAC algorithms. */
    public static JwsAlgorithm fromName(String name) {
        if (name == null) {
            return null;
        }
        for (JwsAlgorithm algorithm : values()) {
            if (algorithm.name().equals(name)) {
                return algorithm;
            }
        }
        return null;
    }
}
