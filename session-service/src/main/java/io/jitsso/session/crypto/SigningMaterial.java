package io.jitsso.session.crypto;

import java.util.Map;

/** One signing key: signs (when the private half is present), verifies, and publishes its JWK. */
public sealed interface SigningMaterial permits EcP256Key, RsaKey {

    String kid();

    JwsAlgorithm algorithm();

    byte[] sign(byte[] signingInput);

    boolean verify(byte[] signingInput, byte[] signature);

    /** Public JWK members (kty, crv/x/y or n/e), without kid/alg/use: the caller adds those. */
    Map<String, String> publicJwk();

    /** Private key bytes for encrypted storage. */
    byte[] privateKeyBytes();

    static SigningMaterial generate(JwsAlgorithm algorithm, String kid) {
        return switch (algorithm) {
            case ES256 -> EcP256Key.generate(kid);
            case RS256 -> RsaKey.generate(kid);
        };
    }

    static SigningMaterial restore(JwsAlgorithm algorithm, String kid, byte[] privateKey, Map<String, String> publicJwk) {
        return switch (algorithm) {
            case ES256 -> EcP256Key.restore(kid, privateKey, publicJwk);
            case RS256 -> RsaKey.restore(kid, privateKey, publicJwk);
        };
    }
}
