package io.jitsso.gateway.support;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import io.jitsso.gateway.protocol.saml.SamlXml;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.common.SAMLObjectContentReference;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AttributeValue;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnContext;
import org.opensaml.saml.saml2.core.AuthnContextClassRef;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.StatusMessage;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.saml.saml2.encryption.Encrypter;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.encryption.support.DataEncryptionParameters;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.encryption.support.KeyEncryptionParameters;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A forging SAML IdP for tests (the SAML counterpart of {@link ForgingUpstream}): its own RSA key
 * pair and certificate, and responses built with OpenSAML that each test can make wrong in exactly
 * one way (unsigned, signed with another key, wrong issuer, audience, recipient, destination, time
 * bounds, InResponseTo, status, two assertions, encrypted for the SP). It runs no server: the test
 * plays the browser and posts the response to the gateway's ACS.
 */
public final class ForgingSamlIdp {

    private final String entityId;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private ForgingSamlIdp(String entityId) {
        SamlXml.bootstrap();
        this.entityId = entityId;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=forging-idp");
            Instant now = Instant.now();
            this.certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(365))), name, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static ForgingSamlIdp create(String entityId) {
        return new ForgingSamlIdp(entityId);
    }

    public String entityId() {
        return entityId;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String certificatePem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** IdP metadata with the HTTP-Redirect SSO endpoint {@code ssoUrl} and this IdP's signing certificate. */
    public String metadataXml(String ssoUrl) {
        return metadataXml(entityId, ssoUrl, List.of(certificate));
    }

    /** IdP metadata for {@code entityId} publishing every one of {@code signing} (an IdP rotating its key). */
    public static String metadataXml(String entityId, String ssoUrl, List<X509Certificate> signing) {
        try {
            StringBuilder keys = new StringBuilder();
            for (X509Certificate certificate : signing) {
                keys.append("<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>")
                        .append(base64(certificate))
                        .append("</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>");
            }
            return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\""
                    + " entityID=\"" + entityId + "\"><md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                    + keys
                    + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\"" + ssoUrl + "/post\"/>"
                    + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\"" + ssoUrl + "\"/>"
                    + "</md:IDPSSODescriptor></md:EntityDescriptor>";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code metadataXml} (an EntityDescriptor) signed with this IdP's key, as an IdP (or its
     * federation operator) signs published metadata; {@code validUntil} may be null.
     */
    public String signMetadata(String metadataXml, Instant validUntil) {
        try {
            Element root = parse(metadataXml).getDocumentElement();
            EntityDescriptor entity = (EntityDescriptor) XMLObjectProviderRegistrySupport.getUnmarshallerFactory()
                    .getUnmarshaller(root).unmarshall(root);
            entity.releaseDOM();
            entity.releaseChildrenDOM(true);
            entity.setID("_md" + UUID.randomUUID().toString().replace("-", ""));
            entity.setValidUntil(validUntil);
            Signature signature = build(Signature.DEFAULT_ELEMENT_NAME);
            signature.setSigningCredential(new BasicX509Credential(certificate, keys.getPrivate()));
            signature.setSignatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
            signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
            entity.setSignature(signature);
            Element element = XMLObjectProviderRegistrySupport.getMarshallerFactory().getMarshaller(entity).marshall(entity);
            Signer.signObject(signature);
            return serialize(element);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign the metadata", e);
        }
    }

    /** A certificate's DER in base64, as metadata carries it. */
    public static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Another IdP under the same entity id with a new key pair: this IdP after a key rotation. */
    public static ForgingSamlIdp rotated(ForgingSamlIdp before) {
        return new ForgingSamlIdp(before.entityId);
    }

    /** A response to {@code inResponseTo} (null: unsolicited) for the SP, valid until a test changes it. */
    public ResponseSpec response(String spEntityId, String acsUrl, String inResponseTo) {
        return new ResponseSpec(this, spEntityId, acsUrl, inResponseTo);
    }

    /** What a browser carries to the IdP: the AuthnRequest's XML inflated from a redirect URL's SAMLRequest. */
    public static String authnRequestXml(String redirectUrl) {
        String query = redirectUrl.substring(redirectUrl.indexOf('?') + 1);
        for (String pair : query.split("&")) {
            if (pair.startsWith("SAMLRequest=")) {
                byte[] deflated = Base64.getDecoder().decode(java.net.URLDecoder.decode(pair.substring(12), StandardCharsets.UTF_8));
                try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(deflated), new Inflater(true))) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("no SAMLRequest in " + redirectUrl);
    }

    /** The ID attribute of an AuthnRequest's XML. */
    public static String requestId(String authnRequestXml) {
        java.util.regex.Matcher id = java.util.regex.Pattern.compile(" ID=\"([^\"]+)\"").matcher(authnRequestXml);
        if (!id.find()) {
            throw new IllegalStateException("AuthnRequest without ID: " + authnRequestXml);
        }
        return id.group(1);
    }

    /** A query parameter of a URL, decoded. */
    public static String parameter(String url, String name) {
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** One response with every knob a negative test needs; defaults make a valid, response-signed answer. */
    public static final class ResponseSpec {
        private final ForgingSamlIdp idp;
        public String issuer;
        public String assertionIssuer;
        public String audience;
        public String recipient;
        public String destination;
        public String inResponseTo;
        public String confirmationInResponseTo;
        public String nameId = "user-" + UUID.randomUUID() + "@corp.example";
        public String nameIdComment;
        public String assertionId = "_a" + UUID.randomUUID().toString().replace("-", "");
        public Instant now = Instant.now();
        public Instant notBefore;
        public Instant notOnOrAfter;
        public Instant confirmationNotOnOrAfter;
        public String statusCode = StatusCode.SUCCESS;
        public String subStatusCode;
        public String statusMessage;
        public boolean signResponse = true;
        public boolean signAssertion;
        public String signatureAlgorithm = SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256;
        public String digestAlgorithm = SignatureConstants.ALGO_ID_DIGEST_SHA256;
        public KeyPair signingKeys;
        public X509Certificate encryptFor;
        public String keyTransport = EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP;
        public String dataEncryption = EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128_GCM;
        public boolean secondAssertion;
        public String authnContext = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
        public final Map<String, List<String>> attributes = new LinkedHashMap<>();

        ResponseSpec(ForgingSamlIdp idp, String spEntityId, String acsUrl, String inResponseTo) {
            this.idp = idp;
            this.issuer = idp.entityId;
            this.assertionIssuer = idp.entityId;
            this.audience = spEntityId;
            this.recipient = acsUrl;
            this.destination = acsUrl;
            this.inResponseTo = inResponseTo;
            this.confirmationInResponseTo = inResponseTo;
            this.notBefore = now.minusSeconds(5);
            this.notOnOrAfter = now.plusSeconds(300);
            this.confirmationNotOnOrAfter = now.plusSeconds(300);
        }

        public ResponseSpec with(java.util.function.Consumer<ResponseSpec> change) {
            change.accept(this);
            return this;
        }

        public ResponseSpec attribute(String name, String... values) {
            attributes.put(name, List.of(values));
            return this;
        }

        /** The response XML, signed as configured, never pretty-printed (whitespace is signed too). */
        public String xml() {
            return serialize(document());
        }

        public String base64() {
            return Base64.getEncoder().encodeToString(xml().getBytes(StandardCharsets.UTF_8));
        }

        /** The response as a DOM, for tests that tamper with it after signing. */
        public Document document() {
            try {
                Response response = build(Response.DEFAULT_ELEMENT_NAME);
                response.setID("_r" + UUID.randomUUID().toString().replace("-", ""));
                response.setVersion(SAMLVersion.VERSION_20);
                response.setIssueInstant(now);
                response.setDestination(destination);
                response.setInResponseTo(inResponseTo);
                if (issuer != null) {
                    response.setIssuer(issuer(issuer));
                }
                Status status = build(Status.DEFAULT_ELEMENT_NAME);
                StatusCode code = build(StatusCode.DEFAULT_ELEMENT_NAME);
                code.setValue(statusCode);
                if (subStatusCode != null) {
                    StatusCode sub = build(StatusCode.DEFAULT_ELEMENT_NAME);
                    sub.setValue(subStatusCode);
                    code.setStatusCode(sub);
                }
                status.setStatusCode(code);
                if (statusMessage != null) {
                    StatusMessage message = build(StatusMessage.DEFAULT_ELEMENT_NAME);
                    message.setValue(statusMessage);
                    status.setStatusMessage(message);
                }
                response.setStatus(status);
                if (StatusCode.SUCCESS.equals(statusCode)) {
                    Assertion assertion = assertion(assertionId, nameId);
                    if (encryptFor != null) {
                        response.getEncryptedAssertions().add(encrypt(assertion));
                    } else {
                        response.getAssertions().add(assertion);
                    }
                    if (secondAssertion) {
                        response.getAssertions().add(assertion("_b" + UUID.randomUUID().toString().replace("-", ""),
                                "second-" + nameId));
                    }
                }
                Signature signature = signResponse ? signature() : null;
                response.setSignature(signature);
                digest(signature);
                Element element = XMLObjectProviderRegistrySupport.getMarshallerFactory().getMarshaller(response)
                        .marshall(response);
                if (signature != null) {
                    Signer.signObject(signature);
                }
                return element.getOwnerDocument();
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the forged response", e);
            }
        }

        private Assertion assertion(String id, String subjectName) throws Exception {
            Assertion assertion = build(Assertion.DEFAULT_ELEMENT_NAME);
            assertion.setID(id);
            assertion.setVersion(SAMLVersion.VERSION_20);
            assertion.setIssueInstant(now);
            assertion.setIssuer(issuer(assertionIssuer));
            Subject subject = build(Subject.DEFAULT_ELEMENT_NAME);
            NameID name = build(NameID.DEFAULT_ELEMENT_NAME);
            name.setValue(subjectName);
            name.setFormat(NameIDType.EMAIL);
            subject.setNameID(name);
            SubjectConfirmation confirmation = build(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
            confirmation.setMethod(SubjectConfirmation.METHOD_BEARER);
            SubjectConfirmationData data = build(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
            data.setRecipient(recipient);
            data.setNotOnOrAfter(confirmationNotOnOrAfter);
            data.setInResponseTo(confirmationInResponseTo);
            confirmation.setSubjectConfirmationData(data);
            subject.getSubjectConfirmations().add(confirmation);
            assertion.setSubject(subject);
            Conditions conditions = build(Conditions.DEFAULT_ELEMENT_NAME);
            conditions.setNotBefore(notBefore);
            conditions.setNotOnOrAfter(notOnOrAfter);
            if (audience != null) {
                AudienceRestriction restriction = build(AudienceRestriction.DEFAULT_ELEMENT_NAME);
                Audience entry = build(Audience.DEFAULT_ELEMENT_NAME);
                entry.setURI(audience);
                restriction.getAudiences().add(entry);
                conditions.getAudienceRestrictions().add(restriction);
            }
            assertion.setConditions(conditions);
            AuthnStatement authn = build(AuthnStatement.DEFAULT_ELEMENT_NAME);
            authn.setAuthnInstant(now);
            authn.setSessionIndex("s-" + UUID.randomUUID());
            AuthnContext context = build(AuthnContext.DEFAULT_ELEMENT_NAME);
            AuthnContextClassRef classRef = build(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
            classRef.setURI(authnContext);
            context.setAuthnContextClassRef(classRef);
            authn.setAuthnContext(context);
            assertion.getAuthnStatements().add(authn);
            if (!attributes.isEmpty()) {
                AttributeStatement statement = build(AttributeStatement.DEFAULT_ELEMENT_NAME);
                attributes.forEach((attributeName, values) -> {
                    Attribute attribute = build(Attribute.DEFAULT_ELEMENT_NAME);
                    attribute.setName(attributeName);
                    attribute.setNameFormat(Attribute.BASIC);
                    for (String value : values) {
                        XSString text = (XSString) XMLObjectProviderRegistrySupport.getBuilderFactory()
                                .getBuilderOrThrow(XSString.TYPE_NAME).buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
                        text.setValue(value);
                        attribute.getAttributeValues().add(text);
                    }
                    statement.getAttributes().add(attribute);
                });
                assertion.getAttributeStatements().add(statement);
            }
            Signature signature = signAssertion ? signature() : null;
            assertion.setSignature(signature);
            digest(signature);
            Element element = XMLObjectProviderRegistrySupport.getMarshallerFactory().getMarshaller(assertion)
                    .marshall(assertion);
            if (nameIdComment != null) {
                // split the signed NameID's text with a comment; exclusive C14N omits comments, so the
                // signature still holds over the whole value
                Element nameElement = (Element) element.getElementsByTagNameNS(NameID.DEFAULT_ELEMENT_NAME.getNamespaceURI(),
                        "NameID").item(0);
                String value = nameElement.getTextContent();
                int cut = value.indexOf(nameIdComment);
                nameElement.setTextContent(value.substring(0, cut));
                nameElement.appendChild(element.getOwnerDocument().createComment("comment"));
                nameElement.appendChild(element.getOwnerDocument().createTextNode(value.substring(cut)));
            }
            if (signature != null) {
                Signer.signObject(signature);
            }
            return assertion;
        }

        private EncryptedAssertion encrypt(Assertion assertion) throws Exception {
            DataEncryptionParameters data = new DataEncryptionParameters();
            data.setAlgorithm(dataEncryption);
            KeyEncryptionParameters key = new KeyEncryptionParameters();
            key.setEncryptionCredential(new BasicX509Credential(encryptFor));
            key.setAlgorithm(keyTransport);
            Encrypter encrypter = new Encrypter(data, key);
            encrypter.setKeyPlacement(Encrypter.KeyPlacement.INLINE);
            return encrypter.encrypt(assertion);
        }

        private Signature signature() {
            KeyPair pair = signingKeys == null ? idp.keys : signingKeys;
            Signature signature = build(Signature.DEFAULT_ELEMENT_NAME);
            signature.setSigningCredential(new BasicX509Credential(idp.certificate, pair.getPrivate()));
            signature.setSignatureAlgorithm(signatureAlgorithm);
            signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
            return signature;
        }

        /** The reference digest (set once the signature is on its object, which adds the reference). */
        private void digest(Signature signature) {
            if (signature != null) {
                signature.getContentReferences().forEach(reference ->
                        ((SAMLObjectContentReference) reference).setDigestAlgorithm(digestAlgorithm));
            }
        }

        private Issuer issuer(String value) {
            Issuer issuer = build(Issuer.DEFAULT_ELEMENT_NAME);
            issuer.setValue(value);
            return issuer;
        }
    }

    /** Another RSA key pair: a signature by it is a signature by the wrong key. */
    public static KeyPair otherKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends XMLObject> T build(QName name) {
        return (T) XMLObjectProviderRegistrySupport.getBuilderFactory().getBuilderOrThrow(name).buildObject(name);
    }

    /** Serializes without any added whitespace. */
    public static String serialize(Node node) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.setOutputProperty(OutputKeys.INDENT, "no");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(node), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses trusted test XML (the forged documents themselves) for tampering. */
    public static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies {@code tamper} to a parsed copy of {@code xml} and serializes it again. */
    public static String tamper(String xml, UnaryOperator<Document> tamper) {
        return serialize(tamper.apply(parse(xml)));
    }

}
