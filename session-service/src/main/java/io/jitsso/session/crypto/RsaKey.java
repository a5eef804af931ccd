package io.jitsso.session.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** RSASSA-PKCS1-v1_5 with SHA-256 (JWS RS256), 2048-bit keys, through the JDK provider. */
public final class RsaKey implements SigningMaterial {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    private final String kid;
    private final PrivateKey privateKey;
    private final RSAPublicKey publicKey;

    private RsaKey(String kid, PrivateKey privateKey, RSAPublicKey publicKey) {
        this.kid = kid;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    static RsaKey generate(String kid) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new RsaKey(kid, pair.getPrivate(), (RSAPublicKey) pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }

    static RsaKey restore(String kid, byte[] pkcs8, Map<String, String> jwk) {
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            RSAPublicKey publicKey = publicKeyFromJwk(jwk);
            PrivateKey privateKey = pkcs8 == null ? null : factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new RsaKey(kid, privateKey, publicKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored RSA key " + kid + " is unreadable", e);
        }
    }

    public static RSAPublicKey publicKeyFromJwk(Map<String, String> jwk) throws GeneralSecurityException {
        if (!"RSA".equals(jwk.get("kty"))) {
            throw new IllegalArgumentException("not an RSA JWK");
        }
        BigInteger n = new BigInteger(1, B64URL_DECODER.decode(jwk.get("n")));
        BigInteger e = new BigInteger(1, B64URL_DECODER.decode(jwk.get("e")));
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    }

    @Override
    public String kid() {
        return kid;
    }

    @Override
    public JwsAlgorithm algorithm() {
        return JwsAlgorithm.RS256;
    }

    @Override
    public byte[] sign(byte[] signingInput) {
        if (privateKey == null) {
            throw new IllegalStateException("verification-only key " + kid);
        }
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey);
            signature.update(signingInput);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RS256 signing failed", e);
        }
    }

    @Override
    public boolean verify(byte[] signingInput, byte[] signatureBytes) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(publicKey);
            signature.update(signingInput);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public Map<String, String> publicJwk() {
        Map<String, String> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("n", B64URL.encodeToString(unsigned(publicKey.getModulus())));
        jwk.put("e", B64URL.encodeToString(unsigned(publicKey.getPublicExponent())));
        return jwk;
    }

    @Override
    public byte[] privateKeyBytes() {
        return privateKey.getEncoded();
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0 && bytes.length > 1) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }
}
