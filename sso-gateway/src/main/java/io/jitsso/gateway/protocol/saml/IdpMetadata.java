package io.jitsso.gateway.protocol.saml;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.IDPSSODescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.SingleSignOnService;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.signature.X509Data;
import org.w3c.dom.Element;

/**
 * Reads what the gateway needs from an IdP's SAML metadata (an {@code EntityDescriptor}): its entity
 * id, its HTTP-Redirect single sign-on URL and its signing certificates. The admin supplies the
 * document (or its URL) through the authenticated admin API, so it is trusted like typed-in
 * settings; it is still parsed by the hardened parser. When the admin also names the certificate
 * the IdP signs its metadata with, the document must carry a valid enveloped signature by that key
 * and must not have expired ({@code validUntil}): then a document fetched later over a tampered
 * channel cannot swap the pinned keys.
 */
public final class IdpMetadata {

    /** Metadata with many certificates and endpoints stays well below this. */
    public static final int MAX_LENGTH = 200 * 1024;

    private IdpMetadata() {
    }

    /** The IdP as described by its metadata, ready for validation like typed-in settings. */
    public record Descriptor(String entityId, String ssoUrl, List<String> certificates) {
    }

    /** An {@link IllegalArgumentException} says why the document cannot be used. */
    public static Descriptor parse(String xml) {
        return parse(xml, null, Instant.now());
    }

    /**
     * As {@link #parse(String)}; with {@code signer} (the IdP's metadata signing certificate) the
     * EntityDescriptor must be signed by it and still valid at {@code now}.
     */
    public static Descriptor parse(String xml, X509Certificate signer, Instant now) {
        if (xml == null || xml.isBlank()) {
            throw new IllegalArgumentException("empty metadata");
        }
        if (xml.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("metadata longer than " + MAX_LENGTH + " characters");
        }
        Element root = SamlXml.parse(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        XMLObject object = SamlXml.unmarshall(root);
        if (!(object instanceof EntityDescriptor entity)) {
            throw new IllegalArgumentException("metadata must be one EntityDescriptor");
        }
        if (signer != null) {
            verifySignature(entity, root, signer, now);
        }
        IDPSSODescriptor idp = entity.getIDPSSODescriptor(SAMLConstants.SAML20P_NS);
        if (idp == null) {
            throw new IllegalArgumentException("no IDPSSODescriptor supporting SAML 2.0");
        }
        String ssoUrl = null;
        for (SingleSignOnService service : idp.getSingleSignOnServices()) {
            if (SAMLConstants.SAML2_REDIRECT_BINDING_URI.equals(service.getBinding())) {
                ssoUrl = service.getLocation();
                break;
            }
        }
        if (ssoUrl == null) {
            throw new IllegalArgumentException("no SingleSignOnService with the HTTP-Redirect binding");
        }
        List<String> certificates = new ArrayList<>();
        for (KeyDescriptor key : idp.getKeyDescriptors()) {
            if (key.getUse() != null && key.getUse() != UsageType.SIGNING && key.getUse() != UsageType.UNSPECIFIED) {
                continue;
            }
            if (key.getKeyInfo() == null) {
                continue;
            }
            for (X509Data data : key.getKeyInfo().getX509Datas()) {
                for (org.opensaml.xmlsec.signature.X509Certificate certificate : data.getX509Certificates()) {
                    if (certificate.getValue() != null) {
                        certificates.add(Pem.text(Pem.certificate(certificate.getValue())));
                    }
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no signing certificate in the IDPSSODescriptor");
        }
        return new Descriptor(entity.getEntityID(), ssoUrl, List.copyOf(certificates));
    }

    private static void verifySignature(EntityDescriptor entity, Element root, X509Certificate signer, Instant now) {
        if (entity.getSignature() == null) {
            throw new IllegalArgumentException("metadata is not signed, but a metadata signing certificate is configured");
        }
        SignatureWrappingDefence.checkUniqueIds(root);
        PinnedSignatures.verifySignature(entity.getSignature(), List.of(signer), "metadata");
        if (entity.getValidUntil() != null && !now.isBefore(entity.getValidUntil())) {
            throw new IllegalArgumentException("signed metadata expired (validUntil " + entity.getValidUntil() + ")");
        }
    }
}
