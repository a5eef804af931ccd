package io.jitsso.gateway.protocol.saml;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A connection's own SP key pair: RSA 2048 with a self-signed certificate (IdPs pin the key from SP
 * metadata; nobody validates a chain). It signs AuthnRequests and decrypts encrypted assertions.
 */
public final class SpKeys {

    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SpKeys() {
    }

    /** A new key pair: the private key as base64 PKCS#8 (to be encrypted at rest) and the PEM certificate. */
    public record Generated(String privateKeyPkcs8, String certificatePem) {

        @Override
        public String toString() {
            return "SpKeys.Generated[certificate only]";
        }
    }

    /** The key pair in use by a connection. */
    record Credential(PrivateKey privateKey, X509Certificate certificate) {

        @Override
        public String toString() {
            return "SpKeys.Credential[" + certificate.getSubjectX500Principal() + "]";
        }
    }

    /** Generates a key pair; {@code name} becomes the certificate's CN. Takes ~0.1 s: not on an event loop. */
    public static Generated generate(String name) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + name.replaceAll("[^A-Za-z0-9._-]", "-"));
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(63, RANDOM), Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)),
                    subject, pair.getPublic());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return new Generated(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()), Pem.text(certificate));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("SP key pair cannot be generated", e);
        }
    }

    static Credential load(String privateKeyPkcs8, String certificatePem) {
        try {
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKeyPkcs8)));
            return new Credential(key, Pem.certificate(certificatePem));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("stored SP key pair is unusable", e);
        }
    }
}
