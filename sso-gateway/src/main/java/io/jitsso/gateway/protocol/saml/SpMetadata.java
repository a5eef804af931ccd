package io.jitsso.gateway.protocol.saml;

/**
 * The SP metadata of a connection, for the IdP's admin to import: entity id, the HTTP-POST assertion
 * consumer service, the SP certificate for signatures and encryption, and what the SP wants
 * (signed assertions; signed requests when the connection signs them).
 */
final class SpMetadata {

    private SpMetadata() {
    }

    static String render(String entityId, String acsUrl, String certificatePem, String nameIdFormat,
            boolean signsRequests) {
        String certificate = Pem.base64(Pem.certificate(certificatePem));
        String keyInfo = "<ds:KeyInfo><ds:X509Data><ds:X509Certificate>" + certificate
                + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo>";
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
                + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" + escape(entityId) + "\">\n"
                + "  <md:SPSSODescriptor AuthnRequestsSigned=\"" + signsRequests + "\" WantAssertionsSigned=\"true\""
                + " protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">\n"
                + "    <md:KeyDescriptor use=\"signing\">" + keyInfo + "</md:KeyDescriptor>\n"
                + "    <md:KeyDescriptor use=\"encryption\">" + keyInfo + "</md:KeyDescriptor>\n"
                + (nameIdFormat == null ? "" : "    <md:NameIDFormat>" + escape(nameIdFormat) + "</md:NameIDFormat>\n")
                + "    <md:AssertionConsumerService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\""
                + " Location=\"" + escape(acsUrl) + "\" index=\"0\" isDefault=\"true\"/>\n"
                + "  </md:SPSSODescriptor>\n"
                + "</md:EntityDescriptor>\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
