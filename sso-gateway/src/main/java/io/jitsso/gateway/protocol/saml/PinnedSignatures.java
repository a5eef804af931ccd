package io.jitsso.gateway.protocol.saml;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * XML signatures checked against pinned IdP certificates only: of a SAML response, of its assertion and of
 * signed IdP metadata.
 */
final class PinnedSignatures {

    private static final Set<String> SIGNATURE_ALGORITHMS = Set.of(
            SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256, SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA384,
            SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA512, SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA256,
            SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA384, SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA512);
    /** Reference digests: SHA-256 or stronger (a SHA-1 digest can be collided, whatever signs it). */
    private static final Set<String> DIGEST_ALGORITHMS = Set.of(SignatureConstants.ALGO_ID_DIGEST_SHA256,
            SignatureConstants.ALGO_ID_DIGEST_SHA384, SignatureConstants.ALGO_ID_DIGEST_SHA512);
    private static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
    private static final SAMLSignatureProfileValidator PROFILE = new SAMLSignatureProfileValidator();

    private PinnedSignatures() {
    }

    /**
     * The profile check first (one enveloped reference to the signed element's own ID, only the
     * enveloped-signature and exclusive C14N transforms), then the cryptographic check against each
     * pinned certificate; the certificates a signature carries in its KeyInfo are never trusted.
     * Also checks signed IdP metadata. An {@link IllegalArgumentException} says why it fails.
     */
    static void verifySignature(Signature signature, List<X509Certificate> pinned, String what) {
        try {
            PROFILE.validate(signature);
        } catch (SignatureException e) {
            throw new Rejection(what + " signature does not follow the SAML signature profile: " + e.getMessage());
        }
        if (!SIGNATURE_ALGORITHMS.contains(signature.getSignatureAlgorithm())) {
            throw new Rejection(what + " signature algorithm not accepted: " + signature.getSignatureAlgorithm());
        }
        checkDigestAlgorithms(signature, what);
        for (X509Certificate certificate : pinned) {
            try {
                SignatureValidator.validate(signature, new BasicX509Credential(certificate));
                return;
            } catch (SignatureException e) {
                // the next pinned certificate may be the one (key rotation)
            }
        }
        throw new Rejection(what + " signature is not valid under any pinned IdP certificate");
    }

    /** Every reference digest SHA-256 or stronger: the signature algorithm alone does not say which digest the references use. */
    private static void checkDigestAlgorithms(Signature signature, String what) {
        Element dom = signature.getDOM();
        NodeList digests = dom == null ? null : dom.getElementsByTagNameNS(DSIG_NS, "DigestMethod");
        if (digests == null || digests.getLength() == 0) {
            throw new Rejection(what + " signature without a reference digest");
        }
        for (int i = 0; i < digests.getLength(); i++) {
            String algorithm = ((Element) digests.item(i)).getAttributeNS(null, "Algorithm");
            if (!DIGEST_ALGORITHMS.contains(algorithm)) {
                throw new Rejection(what + " signature digest algorithm not accepted: "
                        + (algorithm.length() > 100 ? algorithm.substring(0, 100) : algorithm));
            }
        }
    }
}
