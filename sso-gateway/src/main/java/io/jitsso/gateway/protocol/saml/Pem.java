package io.jitsso.gateway.protocol.saml;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** X.509 certificates between PEM text (as the admin API and the database hold them) and JCA objects. */
public final class Pem {

    /** No certificate an IdP uses is this large; bigger input is refused before decoding. */
    public static final int MAX_LENGTH = 16 * 1024;
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String END = "-----END CERTIFICATE-----";

    private Pem() {
    }

    /**
     * One certificate from PEM text or bare base64 DER (as in metadata's X509Certificate); an
     * {@link IllegalArgumentException} says what is wrong with it.
     */
    public static X509Certificate certificate(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty certificate");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("certificate longer than " + MAX_LENGTH + " characters");
        }
        String body = text.strip();
        if (body.startsWith(BEGIN)) {
            int end = body.indexOf(END);
            if (end < 0 || !body.substring(end + END.length()).isBlank()) {
                throw new IllegalArgumentException("one PEM certificate per entry");
            }
            body = body.substring(BEGIN.length(), end);
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("certificate is not base64");
        }
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            String algorithm = certificate.getPublicKey().getAlgorithm();
            if (!"RSA".equals(algorithm) && !"EC".equals(algorithm)) {
                throw new IllegalArgumentException("certificate key must be RSA or EC, not " + algorithm);
            }
            return certificate;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not an X.509 certificate");
        }
    }

    public static List<X509Certificate> certificates(List<String> pems) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (String pem : pems) {
            certificates.add(certificate(pem));
        }
        return certificates;
    }

    /** Normalized PEM text of a certificate. */
    public static String text(X509Certificate certificate) {
        try {
            return BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                    + "\n" + END + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("certificate cannot be encoded", e);
        }
    }

    /** Base64 DER without line breaks, as metadata carries it. */
    static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("certificate cannot be encoded", e);
        }
    }
}
