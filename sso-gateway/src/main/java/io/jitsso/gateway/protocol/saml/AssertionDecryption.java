package io.jitsso.gateway.protocol.saml;

import java.util.List;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.encryption.Decrypter;
import org.opensaml.saml.saml2.encryption.EncryptedElementTypeEncryptedKeyResolver;
import org.opensaml.security.credential.Credential;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.encryption.support.ChainingEncryptedKeyResolver;
import org.opensaml.xmlsec.encryption.support.DecryptionException;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.encryption.support.EncryptedKeyResolver;
import org.opensaml.xmlsec.encryption.support.InlineEncryptedKeyResolver;
import org.opensaml.xmlsec.encryption.support.SimpleRetrievalMethodEncryptedKeyResolver;
import org.opensaml.xmlsec.keyinfo.impl.StaticKeyInfoCredentialResolver;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

/**
 * An encrypted assertion opened with the connection's SP key. Decryption proves nothing about who wrote
 * it (anyone can encrypt to the public SP certificate), so the result still needs a signature; and what
 * was hidden inside the encryption gets the same signature-wrapping checks as the response around it.
 */
final class AssertionDecryption {

    /**
     * What an IdP may encrypt with. This constructor of OpenSAML's decrypter applies no list of its own
     * (OpenSAML's default exclusions come only with its security configuration's parameters), so
     * without this it accepted RSA PKCS#1 v1.5 key transport, open to Bleichenbacher's attack, and
     * Triple DES. AES-CBC stays for interop: AD FS and many others encrypt with it by default. The list
     * also holds the OAEP parameters the decrypter checks (its digest, SHA-1 when the IdP names none, and
     * for OAEP 1.1 its mask generation function): SHA-1 inside OAEP is not a signature's collision risk.
     */
    static final List<String> ALGORITHMS = List.of(
            EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP,
            EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP11,
            SignatureConstants.ALGO_ID_DIGEST_SHA1,
            SignatureConstants.ALGO_ID_DIGEST_SHA256,
            SignatureConstants.ALGO_ID_DIGEST_SHA384,
            SignatureConstants.ALGO_ID_DIGEST_SHA512,
            EncryptionConstants.ALGO_ID_MGF1_SHA1,
            EncryptionConstants.ALGO_ID_MGF1_SHA256,
            EncryptionConstants.ALGO_ID_MGF1_SHA384,
            EncryptionConstants.ALGO_ID_MGF1_SHA512,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128_GCM,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES192_GCM,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES192,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256);

    private AssertionDecryption() {
    }

    static Assertion decrypt(EncryptedAssertion encrypted, SpKeys.Credential spKeys) {
        Credential sp = new BasicX509Credential(spKeys.certificate(), spKeys.privateKey());
        EncryptedKeyResolver keys = new ChainingEncryptedKeyResolver(List.of(new InlineEncryptedKeyResolver(),
                new EncryptedElementTypeEncryptedKeyResolver(), new SimpleRetrievalMethodEncryptedKeyResolver()));
        Decrypter decrypter = new Decrypter(null, new StaticKeyInfoCredentialResolver(sp), keys, ALGORITHMS, List.of());
        decrypter.setRootInNewDocument(true);
        try {
            Assertion assertion = decrypter.decrypt(encrypted);
            SignatureWrappingDefence.checkUniqueIds(assertion.getDOM());
            if (assertion.getDOM().getElementsByTagNameNS(SAMLConstants.SAML20_NS, "Assertion").getLength() != 0) {
                throw new Rejection("an assertion inside the encrypted assertion (signature wrapping)");
            }
            return assertion;
        } catch (DecryptionException e) {
            throw new Rejection("encrypted assertion does not decrypt with this connection's SP key");
        }
    }
}
