import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.xml.XMLConstants;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A STAND-IN SAML 2.0 identity provider for the SAML brokering benchmark (JDK only, one file;
 * {@code bench/saml-broker/run.sh} compiles and starts it). It stands in for a corporate IdP, which
 * cannot run on this machine. It signs in whoever the browser names, without a password: it is a
 * load fixture, never a security oracle.
 *
 * <p>Towards a service provider it is a real SAML IdP (Web Browser SSO profile):
 * <ul>
 *   <li>{@code GET /metadata}: an EntityDescriptor with the IDPSSODescriptor, its signing certificate and an
 *       HTTP-Redirect SingleSignOnService;</li>
 *   <li>{@code GET /sso?SAMLRequest=..&RelayState=..&login_hint=<user>}: takes an AuthnRequest over the
 *       HTTP-Redirect binding (base64 + raw DEFLATE), reads its ID, Issuer, AssertionConsumerServiceURL and
 *       NameIDPolicy format, and answers an auto-posting HTML form to that ACS with a Response whose Assertion
 *       is signed (RSA-SHA256, exclusive C14N, enveloped, the certificate in KeyInfo): Destination, Recipient
 *       and InResponseTo from the request, Audience = the request's Issuer, NotBefore/NotOnOrAfter, bearer
 *       SubjectConfirmation, NameID = the user, a multi-valued {@code Role} attribute plus email, givenName and
 *       surname. {@code --sign both} also signs the Response.</li>
 * </ul>
 * A signed AuthnRequest's signature is not checked (no SP certificate is configured here). A request without
 * AssertionConsumerServiceURL, a malformed one, or one without a user gets a 400.
 *
 * <p>Arguments: {@code --port N --base http://localhost:N --keystore idp.p12 --storepass P [--sign assertion|both]
 * [--roles bench-admins,staff,users] [--threads 4]}. The keystore (PKCS12, alias {@code idp}) is made by the
 * run script with keytool.
 */
public final class SamlIdpStandIn {

    private static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    private static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static final String UNSPECIFIED = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
    private static final SecureRandom RANDOM = new SecureRandom();
    static {
        // base64 in SignatureValue and X509Certificate without line breaks (else serialized as "&#13;\n")
        System.setProperty("com.sun.org.apache.xml.internal.security.ignoreLineBreaks", "true");
    }

    private static final XMLSignatureFactory SIGNATURES = XMLSignatureFactory.getInstance("DOM");

    private final String base;
    private final String entityId;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final boolean signResponse;
    private final List<String> roles;
    private final ThreadLocal<DocumentBuilder> parsers = ThreadLocal.withInitial(SamlIdpStandIn::hardenedParser);
    private final ThreadLocal<Transformer> serializers = ThreadLocal.withInitial(SamlIdpStandIn::serializer);
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private SamlIdpStandIn(Map<String, String> o) throws Exception {
        base = o.get("--base");
        entityId = base + "/idp";
        KeyStore store = KeyStore.getInstance("PKCS12");
        char[] pass = o.get("--storepass").toCharArray();
        try (FileInputStream in = new FileInputStream(o.get("--keystore"))) {
            store.load(in, pass);
        }
        key = (PrivateKey) store.getKey("idp", pass);
        certificate = (X509Certificate) store.getCertificate("idp");
        signResponse = "both".equals(o.getOrDefault("--sign", "assertion"));
        roles = List.of(o.getOrDefault("--roles", "bench-admins,staff,users").split(","));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--port", "--base", "--keystore", "--storepass")) {
            if (!o.containsKey(required)) {
                throw new IllegalArgumentException("missing " + required);
            }
        }
        SamlIdpStandIn idp = new SamlIdpStandIn(o);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(o.get("--port"))), 256);
        server.setExecutor(Executors.newFixedThreadPool(Integer.parseInt(o.getOrDefault("--threads", "4"))));
        server.createContext("/metadata", idp::metadata);
        server.createContext("/sso", idp::sso);
        server.createContext("/stats", idp::stats);
        server.start();
        System.out.println("SAML IdP stand-in: entity id " + idp.entityId + ", metadata " + idp.base + "/metadata");
    }

    private void metadata(HttpExchange exchange) throws IOException {
        String xml = "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"" + esc(entityId) + "\">"
                + "<md:IDPSSODescriptor WantAuthnRequestsSigned=\"false\" protocolSupportEnumeration=\"" + SAMLP + "\">"
                + "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:X509Data>"
                + "<ds:X509Certificate>" + certificateBase64() + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
                + "<md:NameIDFormat>" + UNSPECIFIED + "</md:NameIDFormat>"
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\""
                + esc(base + "/sso") + "\"/></md:IDPSSODescriptor></md:EntityDescriptor>";
        reply(exchange, 200, "application/samlmetadata+xml", xml);
    }

    private void stats(HttpExchange exchange) throws IOException {
        reply(exchange, 200, "text/plain", "issued=" + issued.get() + " refused=" + refused.get() + "\n");
    }

    private void sso(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String user = query.get("login_hint");
        if (!"GET".equals(exchange.getRequestMethod()) || query.get("SAMLRequest") == null || user == null
                || !user.matches("[A-Za-z0-9._@-]{1,100}")) {
            refused.incrementAndGet();
            reply(exchange, 400, "text/plain", "GET with SAMLRequest and login_hint (the user to sign in) expected\n");
            return;
        }
        try {
            Element request = authnRequest(query.get("SAMLRequest"));
            String acs = request.getAttribute("AssertionConsumerServiceURL");
            String requestId = request.getAttribute("ID");
            Node issuer = request.getElementsByTagNameNS(SAML, "Issuer").item(0);
            if (!"AuthnRequest".equals(request.getLocalName()) || !SAMLP.equals(request.getNamespaceURI())
                    || acs.isEmpty() || requestId.isEmpty() || issuer == null) {
                throw new IllegalArgumentException("an AuthnRequest with ID, Issuer and AssertionConsumerServiceURL expected");
            }
            Node policy = request.getElementsByTagNameNS(SAMLP, "NameIDPolicy").item(0);
            String format = policy != null && !((Element) policy).getAttribute("Format").isEmpty()
                    ? ((Element) policy).getAttribute("Format") : UNSPECIFIED;
            String response = signedResponse(requestId, acs, issuer.getTextContent().trim(), format, user);
            String relayState = query.get("RelayState");
            String html = "<!DOCTYPE html><html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\""
                    + esc(acs) + "\"><input type=\"hidden\" name=\"SAMLResponse\" value=\""
                    + Base64.getEncoder().encodeToString(response.getBytes(StandardCharsets.UTF_8)) + "\"/>"
                    + (relayState == null ? "" : "<input type=\"hidden\" name=\"RelayState\" value=\"" + esc(relayState) + "\"/>")
                    + "<noscript><button type=\"submit\">Continue</button></noscript></form></body></html>";
            issued.incrementAndGet();
            reply(exchange, 200, "text/html;charset=utf-8", html);
        } catch (IllegalArgumentException e) {
            refused.incrementAndGet();
            reply(exchange, 400, "text/plain", "bad AuthnRequest: " + e.getMessage() + "\n");
        } catch (Exception e) {
            refused.incrementAndGet();
            e.printStackTrace();
            reply(exchange, 500, "text/plain", "the stand-in IdP failed: " + e + "\n");
        }
    }

    /** HTTP-Redirect binding: base64, raw DEFLATE (RFC 1951), then a parser that refuses DTDs. */
    private Element authnRequest(String encoded) {
        byte[] xml;
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(Base64.getMimeDecoder().decode(encoded)),
                new Inflater(true))) {
            xml = in.readNBytes(200_000);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("SAMLRequest is not base64 + DEFLATE");
        }
        try {
            return parsers.get().parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (Exception e) {
            throw new IllegalArgumentException("SAMLRequest is not XML");
        }
    }

    private String signedResponse(String inResponseTo, String acs, String audience, String format, String user) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String responseId = "_" + id();
        String assertionId = "_" + id();
        String email = user.contains("@") ? user : user + "@bench.example";
        StringBuilder attributes = new StringBuilder();
        attribute(attributes, "Role", roles);
        attribute(attributes, "email", List.of(email));
        attribute(attributes, "givenName", List.of("Bench"));
        attribute(attributes, "surname", List.of(user));
        String xml = "<samlp:Response xmlns:samlp=\"" + SAMLP + "\" xmlns:saml=\"" + SAML + "\" ID=\"" + responseId
                + "\" Version=\"2.0\" IssueInstant=\"" + now + "\" Destination=\"" + esc(acs) + "\" InResponseTo=\""
                + esc(inResponseTo) + "\">"
                + "<saml:Issuer>" + esc(entityId) + "</saml:Issuer>"
                + "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>"
                + "<saml:Assertion ID=\"" + assertionId + "\" Version=\"2.0\" IssueInstant=\"" + now + "\">"
                + "<saml:Issuer>" + esc(entityId) + "</saml:Issuer>"
                + "<saml:Subject><saml:NameID Format=\"" + esc(format) + "\">" + esc(user) + "</saml:NameID>"
                + "<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\"><saml:SubjectConfirmationData"
                + " InResponseTo=\"" + esc(inResponseTo) + "\" NotOnOrAfter=\"" + now.plusSeconds(300) + "\" Recipient=\""
                + esc(acs) + "\"/></saml:SubjectConfirmation></saml:Subject>"
                + "<saml:Conditions NotBefore=\"" + now.minusSeconds(5) + "\" NotOnOrAfter=\"" + now.plusSeconds(300) + "\">"
                + "<saml:AudienceRestriction><saml:Audience>" + esc(audience) + "</saml:Audience></saml:AudienceRestriction>"
                + "</saml:Conditions>"
                + "<saml:AuthnStatement AuthnInstant=\"" + now + "\" SessionIndex=\"" + assertionId + "\"><saml:AuthnContext>"
                + "<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
                + "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
                + "<saml:AttributeStatement>" + attributes + "</saml:AttributeStatement>"
                + "</saml:Assertion></samlp:Response>";
        Document document = parsers.get().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element response = document.getDocumentElement();
        Element assertion = (Element) response.getElementsByTagNameNS(SAML, "Assertion").item(0);
        // the signature goes right after the Issuer (the schema's place for it)
        sign(assertion, assertionId);
        if (signResponse) {
            sign(response, responseId);
        }
        StringWriter out = new StringWriter();
        serializers.get().transform(new DOMSource(document), new StreamResult(out));
        return out.toString();
    }

    private static void attribute(StringBuilder out, String name, List<String> values) {
        out.append("<saml:Attribute Name=\"").append(name)
                .append("\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:basic\">");
        for (String value : values) {
            out.append("<saml:AttributeValue xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=")
                    .append("\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xs:string\">")
                    .append(esc(value)).append("</saml:AttributeValue>");
        }
        out.append("</saml:Attribute>");
    }

    /** Enveloped RSA-SHA256 signature over the element with that ID, exclusive C14N, certificate in KeyInfo. */
    private void sign(Element element, String id) throws Exception {
        element.setIdAttributeNS(null, "ID", true);
        Reference reference = SIGNATURES.newReference("#" + id, SIGNATURES.newDigestMethod(DigestMethod.SHA256, null),
                List.of(SIGNATURES.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                        SIGNATURES.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                null, null);
        SignedInfo signedInfo = SIGNATURES.newSignedInfo(
                SIGNATURES.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                SIGNATURES.newSignatureMethod("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", null), List.of(reference));
        KeyInfoFactory keyInfos = SIGNATURES.getKeyInfoFactory();
        KeyInfo keyInfo = keyInfos.newKeyInfo(List.of(keyInfos.newX509Data(List.of(certificate))));
        Node issuer = element.getElementsByTagNameNS(SAML, "Issuer").item(0);
        DOMSignContext context = new DOMSignContext(key, element, issuer.getNextSibling());
        context.setDefaultNamespacePrefix("ds");
        XMLSignature signature = SIGNATURES.newXMLSignature(signedInfo, keyInfo);
        signature.sign(context);
    }

    /** One per thread, instead of a TransformerFactory lookup per response. */
    private static Transformer serializer() {
        try {
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.setOutputProperty(OutputKeys.INDENT, "no");
            return transformer;
        } catch (javax.xml.transform.TransformerConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DocumentBuilder hardenedParser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String certificateBase64() {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String id() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                out.putIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return out;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
