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
import org.opensaml.xmlsec.encryption.support.EncryptedKeyResolver;
import org.opensaml.xmlsec.encryption.support.InlineEncryptedKeyResolver;
import org.opensaml.xmlsec.encryption.support.SimpleRetrievalMethodEncryptedKeyResolver;
import org.opensaml.xmlsec.keyinfo.impl.StaticKeyInfoCredentialResolver;

/**
 * An encrypted assertion opened with the connection's SP key. Decryption proves nothing about who wrote
 * it (anyone can encrypt to the public SP certificate), so the result still needs a signature; and what
 * was hidden inside the encryption gets the same signature-wrapping checks as the response around it.
 */
final class AssertionDecryption {

    private AssertionDecryption() {
    }

    static Assertion decrypt(EncryptedAssertion encrypted, SpKeys.Credential spKeys) {
        Credential sp = new BasicX509Credential(spKeys.certificate(), spKeys.privateKey());
        EncryptedKeyResolver keys = new ChainingEncryptedKeyResolver(List.of(new InlineEncryptedKeyResolver(),
                new EncryptedElementTypeEncryptedKeyResolver(), new SimpleRetrievalMethodEncryptedKeyResolver()));
        Decrypter decrypter = new Decrypter(null, new StaticKeyInfoCredentialResolver(sp), keys);
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
