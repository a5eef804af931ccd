package io.jitsso.gateway.protocol.saml;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameIDPolicy;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

/**
 * AuthnRequests over the HTTP-Redirect binding (SAML bindings 3.4): the request deflated and base64
 * encoded into {@code SAMLRequest}, with {@code RelayState}, and when the connection signs requests
 * an RSA-SHA256 signature over the query string as the binding defines it.
 */
final class AuthnRequests {

    private AuthnRequests() {
    }

    static URI redirect(String ssoUrl, String spEntityId, String acsUrl, String nameIdFormat, String requestId,
            String relayState, PrivateKey signingKey, Instant now) {
        AuthnRequest request = build(AuthnRequest.DEFAULT_ELEMENT_NAME);
        request.setID(requestId);
        request.setVersion(SAMLVersion.VERSION_20);
        request.setIssueInstant(now);
        request.setDestination(ssoUrl);
        request.setAssertionConsumerServiceURL(acsUrl);
        request.setProtocolBinding(SAMLConstants.SAML2_POST_BINDING_URI);
        Issuer issuer = build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(spEntityId);
        request.setIssuer(issuer);
        NameIDPolicy policy = build(NameIDPolicy.DEFAULT_ELEMENT_NAME);
        policy.setAllowCreate(true);
        if (nameIdFormat != null) {
            policy.setFormat(nameIdFormat);
        }
        request.setNameIDPolicy(policy);
        StringBuilder query = new StringBuilder("SAMLRequest=").append(encode(deflate(serialize(request))))
                .append("&RelayState=").append(encode(relayState));
        if (signingKey != null) {
            query.append("&SigAlg=").append(encode(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256));
            String signature = sign(query.toString(), signingKey);
            query.append("&Signature=").append(encode(signature));
        }
        return URI.create(ssoUrl + (ssoUrl.indexOf('?') < 0 ? "?" : "&") + query);
    }

    @SuppressWarnings("unchecked")
    static <T extends XMLObject> T build(javax.xml.namespace.QName name) {
        SamlXml.bootstrap();
        return (T) XMLObjectProviderRegistrySupport.getBuilderFactory().getBuilderOrThrow(name).buildObject(name);
    }

    private static String serialize(XMLObject object) {
        try {
            return SerializeSupport.nodeToString(
                    XMLObjectProviderRegistrySupport.getMarshallerFactory().getMarshaller(object).marshall(object));
        } catch (MarshallingException e) {
            throw new IllegalStateException("AuthnRequest cannot be marshalled", e);
        }
    }

    private static String deflate(String xml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFLATED, true);
        try (DeflaterOutputStream stream = new DeflaterOutputStream(out, deflater)) {
            stream.write(xml.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("deflate failed", e);
        } finally {
            deflater.end();
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static String sign(String signedQuery, PrivateKey key) {
        try {
            java.security.Signature signature = java.security.Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signedQuery.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AuthnRequest cannot be signed", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
