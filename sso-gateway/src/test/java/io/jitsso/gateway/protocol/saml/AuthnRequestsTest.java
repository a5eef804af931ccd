package io.jitsso.gateway.protocol.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.gateway.support.ForgingSamlIdp;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** AuthnRequests over HTTP-Redirect: content, and the binding's query-string signature. */
class AuthnRequestsTest {

    private static final String SSO = "https://idp.example.test/sso";

    @Test
    void aSignedRequestVerifiesWithTheSpCertificateOverTheRawQuery() throws Exception {
        SpKeys.Generated generated = SpKeys.generate("sp");
        SpKeys.Credential sp = SpKeys.load(generated.privateKeyPkcs8(), generated.certificatePem());
        String url = AuthnRequests.redirect(SSO + "?tenant=a", "https://sp.example.test/metadata", "https://sp.example.test/acs",
                null, "_id1", "relay+state/=", sp.privateKey(), Instant.now()).toString();
        String query = url.substring(url.indexOf("SAMLRequest="));
        String signed = query.substring(0, query.indexOf("&Signature="));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(sp.certificate().getPublicKey());
        verifier.update(signed.getBytes(StandardCharsets.UTF_8));
        assertTrue(verifier.verify(Base64.getDecoder().decode(ForgingSamlIdp.parameter(url, "Signature"))));
        assertTrue(url.startsWith(SSO + "?tenant=a&SAMLRequest="), url);
        assertEquals("relay+state/=", ForgingSamlIdp.parameter(url, "RelayState"));
        String xml = ForgingSamlIdp.authnRequestXml(url);
        assertEquals("_id1", ForgingSamlIdp.requestId(xml));
        assertTrue(xml.contains("AssertionConsumerServiceURL=\"https://sp.example.test/acs\""), xml);
        assertTrue(xml.contains("ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\""), xml);
    }

    @Test
    void anUnsignedRequestHasNoSignatureParameters() {
        String url = AuthnRequests.redirect(SSO, "https://sp.example.test/metadata", "https://sp.example.test/acs",
                "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", "_id2", "r", null, Instant.now()).toString();
        assertNull(ForgingSamlIdp.parameter(url, "Signature"));
        assertNull(ForgingSamlIdp.parameter(url, "SigAlg"));
        assertTrue(ForgingSamlIdp.authnRequestXml(url).contains("Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\""));
    }
}
