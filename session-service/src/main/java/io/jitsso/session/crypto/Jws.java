package io.jitsso.session.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** JWS compact serialization: signing and strict parsing. Verification is the caller's, with a pinned key. */
public final class Jws {

    /** Tokens longer than this are rejected before any parsing. */
    public static final int MAX_LENGTH = 8192;
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Jws() {
    }

    /** Signs {@code payloadJson} with the key; header carries alg, kid and typ. */
    public static String sign(SigningMaterial key, String type, byte[] payloadJson) {
        String header = "{\"alg\":\"" + key.algorithm().name() + "\",\"kid\":\"" + key.kid() + "\",\"typ\":\"" + type + "\"}";
        String signingInput = B64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64URL.encodeToString(payloadJson);
        byte[] signature = key.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + B64URL.encodeToString(signature);
    }

    /**
     * Splits and decodes a compact JWS without trusting any of it. Throws
     * {@link MalformedTokenException} for anything that is not three base64url parts with JSON
     * objects in header and payload.
     */
    public static Parsed parse(String compact) {
        if (compact == null || compact.isEmpty() || compact.length() > MAX_LENGTH) {
            throw new MalformedTokenException("token missing or too long");
        }
        int first = compact.indexOf('.');
        int second = first < 0 ? -1 : compact.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || compact.indexOf('.', second + 1) >= 0 || second == compact.length() - 1) {
            throw new MalformedTokenException("not a compact JWS");
        }
        try {
            JsonNode header = JSON.readTree(B64URL_DECODER.decode(compact.substring(0, first)));
            byte[] payload = B64URL_DECODER.decode(compact.substring(first + 1, second));
            JsonNode claims = JSON.readTree(payload);
            byte[] signature = B64URL_DECODER.decode(compact.substring(second + 1));
            if (header == null || !header.isObject() || claims == null || !claims.isObject()) {
                throw new MalformedTokenException("header and payload must be JSON objects");
            }
            byte[] signingInput = compact.substring(0, second).getBytes(StandardCharsets.US_ASCII);
            return new Parsed(header, claims, signingInput, signature);
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new MalformedTokenException("token is not decodable");
        }
    }

    /** A decoded, not yet verified, JWS. */
    public record Parsed(JsonNode header, JsonNode claims, byte[] signingInput, byte[] signature) {

        public String algorithm() {
            return header.path("alg").asText(null);
        }

        public String kid() {
            return header.path("kid").asText(null);
        }

        public String type() {
            return header.path("typ").asText(null);
        }
    }

    /** The input is not a well-formed JWS. */
    public static final class MalformedTokenException extends RuntimeException {
        public MalformedTokenException(String message) {
            super(message, null, false, false);
        }
    }
}
