package io.jitsso.session.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class JwsTest {

    private static final byte[] PAYLOAD = "{\"sub\":\"alice\"}".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(JwsAlgorithm.class)
    void signedTokensVerifyWithAnIndependentJoseLibrary(JwsAlgorithm algorithm) throws Exception {
        SigningMaterial key = SigningMaterial.generate(algorithm, "k1");
        String token = Jws.sign(key, "JWT", PAYLOAD);

        JsonWebKey jwk = JsonWebKey.Factory.newJwk(new java.util.HashMap<String, Object>(key.publicJwk()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        jws.setKey(jwk.getKey());
        assertTrue(jws.verifySignature());
        assertEquals(algorithm.name(), jws.getAlgorithmHeaderValue());
        assertEquals("k1", jws.getKeyIdHeaderValue());
    }

    @ParameterizedTest
    @EnumSource(JwsAlgorithm.class)
    void restoredKeySignsAndVerifiesLikeTheOriginal(JwsAlgorithm algorithm) {
        SigningMaterial original = SigningMaterial.generate(algorithm, "k1");
        SigningMaterial restored = SigningMaterial.restore(algorithm, "k1", original.privateKeyBytes(), original.publicJwk());
        Jws.Parsed parsed = Jws.parse(Jws.sign(restored, "JWT", PAYLOAD));
        assertTrue(original.verify(parsed.signingInput(), parsed.signature()));
        SigningMaterial publicOnly = SigningMaterial.restore(algorithm, "k1", null, original.publicJwk());
        assertTrue(publicOnly.verify(parsed.signingInput(), parsed.signature()));
    }

    @ParameterizedTest
    @EnumSource(JwsAlgorithm.class)
    void tamperedPayloadOrSignatureFails(JwsAlgorithm algorithm) {
        SigningMaterial key = SigningMaterial.generate(algorithm, "k1");
        String token = Jws.sign(key, "JWT", PAYLOAD);
        String[] parts = token.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"mallory\"}".getBytes(StandardCharsets.UTF_8));
        Jws.Parsed tampered = Jws.parse(parts[0] + "." + otherPayload + "." + parts[2]);
        assertFalse(key.verify(tampered.signingInput(), tampered.signature()));

        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[signature.length / 2] ^= 1;
        Jws.Parsed flipped = Jws.parse(parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
        assertFalse(key.verify(flipped.signingInput(), flipped.signature()));
    }

    @ParameterizedTest
    @EnumSource(JwsAlgorithm.class)
    void anotherKeysSignatureFails(JwsAlgorithm algorithm) {
        SigningMaterial key = SigningMaterial.generate(algorithm, "k1");
        SigningMaterial other = SigningMaterial.generate(algorithm, "k1");
        Jws.Parsed parsed = Jws.parse(Jws.sign(other, "JWT", PAYLOAD));
        assertFalse(key.verify(parsed.signingInput(), parsed.signature()));
    }

    @org.junit.jupiter.api.Test
    void zeroEcdsaSignatureIsRejected() {
        SigningMaterial key = SigningMaterial.generate(JwsAlgorithm.ES256, "k1");
        assertFalse(key.verify(PAYLOAD, new byte[64]));
        assertFalse(key.verify(PAYLOAD, new byte[0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "a.b", "a.b.c.d", ".b.c", "eyJhbGciOiJub25lIn0.e30.", "!!!.???.***",
            "bm90IGpzb24.bm90IGpzb24.c2ln", "WyJhcnJheSJd.e30.c2ln"})
    void malformedTokensAreRejectedBeforeAnyCrypto(String token) {
        assertThrows(Jws.MalformedTokenException.class, () -> Jws.parse(token));
    }

    @org.junit.jupiter.api.Test
    void oversizedTokenIsRejected() {
        assertThrows(Jws.MalformedTokenException.class, () -> Jws.parse("a".repeat(Jws.MAX_LENGTH + 1)));
    }
}
