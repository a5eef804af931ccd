package io.jitsso.contracts.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random secrets, digests and constant-time comparison.
 *
 * <p>Native images: every service initializes this class at run time ({@code --initialize-at-run-time}
 * in its application.properties, docs/architecture.md ADR-17). Initialized at build time, the
 * SecureRandom would be frozen into the image heap, its state shared by every copy of the image;
 * GraalVM refuses to build that.
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {
    }

    /** {@code bytes} random bytes, base64url without padding. */
    public static String random(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return URL.encodeToString(buffer);
    }

    public static byte[] randomBytes(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return buffer;
    }

    public static byte[] sha256(String value) {
        return sha256(value.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** Compares two strings in time independent of where they differ (digests equalize lengths). */
    public static boolean constantTimeEquals(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(expected), sha256(presented));
    }

    /**
     * Whether an {@code Authorization} header carries {@code expected} as its bearer token (the scheme
     * name in any case, the token compared in constant time): the check of every internal API.
     */
    public static boolean bearerEquals(String expected, String authorizationHeader) {
        String header = authorizationHeader == null ? "" : authorizationHeader;
        String presented = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        return constantTimeEquals(expected, presented);
    }
}
