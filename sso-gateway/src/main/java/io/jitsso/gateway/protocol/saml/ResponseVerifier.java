package io.jitsso.gateway.protocol.saml;

import io.jitsso.gateway.persistence.SamlSettings;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.saml.saml2.encryption.Decrypter;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.credential.Credential;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.encryption.support.ChainingEncryptedKeyResolver;
import org.opensaml.xmlsec.encryption.support.DecryptionException;
import org.opensaml.xmlsec.encryption.support.EncryptedKeyResolver;
import org.opensaml.xmlsec.encryption.support.InlineEncryptedKeyResolver;
import org.opensaml.xmlsec.encryption.support.SimpleRetrievalMethodEncryptedKeyResolver;
import org.opensaml.saml.saml2.encryption.EncryptedElementTypeEncryptedKeyResolver;
import org.opensaml.xmlsec.keyinfo.impl.StaticKeyInfoCredentialResolver;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every check a SAML response must pass before anything in it is believed (SAML 2.0 core and the
 * Web Browser SSO profile), one method per check. The identity is read only from the assertion whose
 * signature was verified, or from the single assertion inside the verified response: never from a
 * second copy elsewhere in the document (signature wrapping).
 *
 * <p>Pure: no I/O, no clock of its own, usable without Quarkus (the unit tests and the benchmark
 * run it directly).
 */
public final class ResponseVerifier {

    /** The largest decoded response accepted; real ones with certificates and attributes stay far below. */
    public static final int MAX_XML_BYTES = 128 * 1024;
    /** Clock skew tolerated against the IdP's clock on every time bound, unless the connection sets its own. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(SamlSettings.DEFAULT_CLOCK_SKEW_SECONDS);
    /** The most skew a connection may set: beyond this, an expired assertion stays usable too long. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(SamlSettings.MAX_CLOCK_SKEW_SECONDS);
    static final int MAX_ATTRIBUTES = 256;
    static final int MAX_VALUES = 256;
    static final int MAX_VALUE_LENGTH = 1024;
    static final int MAX_NAME_ID_LENGTH = 255;
    private static final Set<String> SIGNATURE_ALGORITHMS = Set.of(
            SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256, SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA384,
            SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA512, SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA256,
            SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA384, SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA512);
    /** Reference digests: SHA-256 or stronger (a SHA-1 digest can be collided, whatever signs it). */
    private static final Set<String> DIGEST_ALGORITHMS = Set.of(SignatureConstants.ALGO_ID_DIGEST_SHA256,
            SignatureConstants.ALGO_ID_DIGEST_SHA384, SignatureConstants.ALGO_ID_DIGEST_SHA512);
    private static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
    private static final SAMLSignatureProfileValidator PROFILE = new SAMLSignatureProfileValidator();

    private ResponseVerifier() {
    }

    /**
     * What the response must match.
     *
     * @param inResponseTo the ID of this browser's pending AuthnRequest, or null when none is pending
     *                     (then only an unsolicited response can pass, and only if {@code unsolicitedAllowed})
     * @param clockSkew    tolerated difference to the IdP's clock on every time bound, 0 to {@link #MAX_CLOCK_SKEW}
     */
    public record Expected(String idpEntityId, List<X509Certificate> idpCertificates, String spEntityId, String acsUrl,
            String inResponseTo, boolean unsolicitedAllowed, Instant now, SpKeys.Credential sp, Duration clockSkew) {

        public Expected {
            if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
                throw new IllegalArgumentException("clock skew must be between 0 and " + MAX_CLOCK_SKEW);
            }
        }

        /** With the default {@link #CLOCK_SKEW}. */
        public Expected(String idpEntityId, List<X509Certificate> idpCertificates, String spEntityId, String acsUrl,
                String inResponseTo, boolean unsolicitedAllowed, Instant now, SpKeys.Credential sp) {
            this(idpEntityId, idpCertificates, spEntityId, acsUrl, inResponseTo, unsolicitedAllowed, now, sp, CLOCK_SKEW);
        }
    }

    /** How a response ends. */
    public sealed interface Result {
    }

    /** Every check passed; {@code assertion} is what the verified assertion says. */
    public record Verified(VerifiedAssertion assertion) implements Result {
    }

    /** A check failed: nobody signs in. {@code reason} is for the log, not for the browser. */
    public record Rejected(String reason) implements Result {
    }

    /** The IdP answered, but not with Success (the user was not authenticated there). */
    public record NotSuccess(String status, String message) implements Result {
    }

    /**
     * The content of a verified assertion.
     *
     * @param attributes values by attribute Name, and by FriendlyName where that is not also a Name
     * @param replayUntil when the assertion can no longer be accepted (its replay record may go then)
     */
    public record VerifiedAssertion(String id, String nameId, String nameIdFormat, Map<String, List<String>> attributes,
            List<String> authnContexts, Instant replayUntil, boolean unsolicited) {
    }

    /** A failed check; an {@link IllegalArgumentException}, so metadata checks can report it as a field error. */
    private static final class Rejection extends IllegalArgumentException {
        Rejection(String reason) {
            super(reason);
        }

        /** Expected outcome, not a bug: no stack trace to fill. */
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** Parses and checks a decoded SAMLResponse; never throws for bad input. */
    public static Result verify(byte[] xml, Expected expected) {
        try {
            return check(xml, expected);
        } catch (Rejection e) {
            return new Rejected(e.getMessage());
        } catch (IllegalArgumentException e) {
            return new Rejected(e.getMessage());
        } catch (RuntimeException e) {
            return new Rejected("malformed response (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Result check(byte[] xml, Expected expected) {
        if (xml.length > MAX_XML_BYTES) {
            throw new Rejection("response larger than " + MAX_XML_BYTES + " bytes");
        }
        Document document = SamlXml.parse(xml);
        Element root = document.getDocumentElement();
        if (!SAMLConstants.SAML20P_NS.equals(root.getNamespaceURI()) || !"Response".equals(root.getLocalName())) {
            throw new Rejection("not a SAML 2.0 Response");
        }
        checkUniqueIds(root);
        checkNoWrappedCopies(root);
        Response response = (Response) SamlXml.unmarshall(root);
        checkResponseIssuer(response, expected);
        if (!isSuccess(response)) {
            return notSuccess(response);
        }
        boolean responseSigned = verifyResponseSignature(response, expected);
        checkDestination(response, expected, responseSigned);
        checkInResponseTo(response, expected);
        Assertion assertion = singleAssertion(response, expected);
        boolean assertionSigned = verifyAssertionSignature(assertion, expected);
        if (!responseSigned && !assertionSigned) {
            throw new Rejection("neither the response nor its assertion is signed");
        }
        checkIssuer(assertion, expected);
        checkIssueInstant(assertion, expected);
        Instant conditionsEnd = checkConditions(assertion, expected);
        Instant confirmationEnd = checkSubjectConfirmation(assertion, expected);
        String nameId = checkNameId(assertion);
        List<String> contexts = checkAuthnStatement(assertion, expected);
        Instant replayUntil = (conditionsEnd == null || confirmationEnd.isBefore(conditionsEnd) ? confirmationEnd : conditionsEnd)
                .plus(expected.clockSkew());
        if (assertion.getID() == null || assertion.getID().isEmpty() || assertion.getID().length() > 256) {
            throw new Rejection("assertion without a usable ID");
        }
        return new Verified(new VerifiedAssertion(assertion.getID(), nameId, assertion.getSubject().getNameID().getFormat(),
                attributes(assertion), contexts, replayUntil, expected.inResponseTo() == null));
    }

    /** Two elements with one ID let a signature reference resolve to a different element than the one read. */
    static void checkUniqueIds(Element root) {
        Set<String> seen = new HashSet<>();
        NodeList elements = root.getElementsByTagNameNS("*", "*");
        checkIdsOf(root, seen);
        for (int i = 0; i < elements.getLength(); i++) {
            checkIdsOf((Element) elements.item(i), seen);
        }
    }

    private static void checkIdsOf(Element element, Set<String> seen) {
        for (String name : List.of("ID", "Id", "id")) {
            if (element.hasAttributeNS(null, name) && !seen.add(element.getAttributeNS(null, name))) {
                throw new Rejection("duplicate XML ID " + element.getAttributeNS(null, name) + " (signature wrapping)");
            }
        }
    }

    /**
     * One Response (the root) and at most one assertion, plain or encrypted, in the whole document,
     * as a direct child of the Response. A signed original hidden elsewhere (in a Signature, an
     * Object, Extensions, Advice or another assertion) is how signature wrapping gets an evil copy
     * past a verifier that checks one element and reads another; a genuine response has no such
     * copy, so any is refused before any signature is looked at.
     */
    static void checkNoWrappedCopies(Element root) {
        int responses = root.getElementsByTagNameNS(SAMLConstants.SAML20P_NS, "Response").getLength();
        if (responses != 0) {
            throw new Rejection("a Response inside the Response (signature wrapping)");
        }
        List<Element> assertions = new ArrayList<>();
        for (String name : List.of("Assertion", "EncryptedAssertion")) {
            NodeList found = root.getElementsByTagNameNS(SAMLConstants.SAML20_NS, name);
            for (int i = 0; i < found.getLength(); i++) {
                assertions.add((Element) found.item(i));
            }
        }
        if (assertions.size() > 1) {
            throw new Rejection("response must carry exactly one assertion, not " + assertions.size()
                    + " (counting nested copies: signature wrapping)");
        }
        if (assertions.size() == 1 && assertions.get(0).getParentNode() != root) {
            throw new Rejection("the assertion is not a direct child of the response (signature wrapping)");
        }
    }

    private static void checkResponseIssuer(Response response, Expected expected) {
        Issuer issuer = response.getIssuer();
        if (issuer != null && !expected.idpEntityId().equals(issuer.getValue())) {
            throw new Rejection("response issuer is not the connection's IdP");
        }
    }

    private static boolean isSuccess(Response response) {
        return response.getStatus() != null && response.getStatus().getStatusCode() != null
                && StatusCode.SUCCESS.equals(response.getStatus().getStatusCode().getValue());
    }

    private static Result notSuccess(Response response) {
        if (response.getStatus() == null || response.getStatus().getStatusCode() == null) {
            throw new Rejection("response without a status");
        }
        StatusCode code = response.getStatus().getStatusCode();
        StringBuilder status = new StringBuilder(shortStatus(code.getValue()));
        if (code.getStatusCode() != null) {
            status.append(" / ").append(shortStatus(code.getStatusCode().getValue()));
        }
        String message = response.getStatus().getStatusMessage() == null ? null
                : response.getStatus().getStatusMessage().getValue();
        if (message != null && message.length() > 300) {
            message = message.substring(0, 300);
        }
        return new NotSuccess(status.toString(), message);
    }

    private static String shortStatus(String uri) {
        if (uri == null) {
            return "unknown";
        }
        return uri.startsWith("urn:oasis:names:tc:SAML:2.0:status:") ? uri.substring("urn:oasis:names:tc:SAML:2.0:status:".length())
                : uri.length() > 200 ? uri.substring(0, 200) : uri;
    }

    /** A signed response must be signed by a pinned key; returns whether it is signed. */
    private static boolean verifyResponseSignature(Response response, Expected expected) {
        if (response.getSignature() == null) {
            return false;
        }
        verifySignature(response.getSignature(), expected.idpCertificates(), "response");
        return true;
    }

    private static boolean verifyAssertionSignature(Assertion assertion, Expected expected) {
        if (assertion.getSignature() == null) {
            return false;
        }
        verifySignature(assertion.getSignature(), expected.idpCertificates(), "assertion");
        return true;
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

    private static void checkDestination(Response response, Expected expected, boolean responseSigned) {
        if (response.getDestination() == null) {
            if (responseSigned) {
                throw new Rejection("signed response without Destination");
            }
            return;
        }
        if (!expected.acsUrl().equals(response.getDestination())) {
            throw new Rejection("response Destination is not this ACS");
        }
    }

    /**
     * The response answers this browser's pending AuthnRequest, or, when the browser has none, is
     * unsolicited and the connection allows that. The subject confirmation must agree (see there).
     */
    private static void checkInResponseTo(Response response, Expected expected) {
        if (expected.inResponseTo() == null && !expected.unsolicitedAllowed()) {
            throw new Rejection("unsolicited response (no sign-in pending in this browser) and IdP-initiated sign-in is off");
        }
        if (response.getInResponseTo() != null && !response.getInResponseTo().equals(expected.inResponseTo())) {
            throw new Rejection("response InResponseTo does not match this browser's request");
        }
        if (expected.inResponseTo() != null && response.getInResponseTo() == null) {
            throw new Rejection("response answers no request, but this browser has one pending");
        }
    }

    /** Exactly one assertion, plain or encrypted; an encrypted one is decrypted with the SP key. */
    private static Assertion singleAssertion(Response response, Expected expected) {
        int count = response.getAssertions().size() + response.getEncryptedAssertions().size();
        if (count != 1) {
            throw new Rejection("response must carry exactly one assertion, not " + count);
        }
        if (!response.getAssertions().isEmpty()) {
            return response.getAssertions().get(0);
        }
        return decrypt(response.getEncryptedAssertions().get(0), expected);
    }

    private static Assertion decrypt(EncryptedAssertion encrypted, Expected expected) {
        Credential sp = new BasicX509Credential(expected.sp().certificate(), expected.sp().privateKey());
        EncryptedKeyResolver keys = new ChainingEncryptedKeyResolver(List.of(new InlineEncryptedKeyResolver(),
                new EncryptedElementTypeEncryptedKeyResolver(), new SimpleRetrievalMethodEncryptedKeyResolver()));
        Decrypter decrypter = new Decrypter(null, new StaticKeyInfoCredentialResolver(sp), keys);
        decrypter.setRootInNewDocument(true);
        try {
            Assertion assertion = decrypter.decrypt(encrypted);
            checkUniqueIds(assertion.getDOM());
            if (assertion.getDOM().getElementsByTagNameNS(SAMLConstants.SAML20_NS, "Assertion").getLength() != 0) {
                throw new Rejection("an assertion inside the encrypted assertion (signature wrapping)");
            }
            return assertion;
        } catch (DecryptionException e) {
            throw new Rejection("encrypted assertion does not decrypt with this connection's SP key");
        }
    }

    private static void checkIssuer(Assertion assertion, Expected expected) {
        Issuer issuer = assertion.getIssuer();
        if (issuer == null || !expected.idpEntityId().equals(issuer.getValue())) {
            throw new Rejection("assertion issuer is not the connection's IdP");
        }
        if (issuer.getFormat() != null && !NameIDType.ENTITY.equals(issuer.getFormat())) {
            throw new Rejection("assertion issuer is not an entity id");
        }
    }

    private static void checkIssueInstant(Assertion assertion, Expected expected) {
        if (assertion.getIssueInstant() == null || assertion.getIssueInstant().isAfter(expected.now().plus(expected.clockSkew()))) {
            throw new Rejection("assertion issued in the future");
        }
    }

    /** Time window and audience; returns the NotOnOrAfter of the conditions (null when unbounded). */
    private static Instant checkConditions(Assertion assertion, Expected expected) {
        Conditions conditions = assertion.getConditions();
        if (conditions == null) {
            throw new Rejection("assertion without Conditions");
        }
        Instant now = expected.now();
        Duration skew = expected.clockSkew();
        if (conditions.getNotBefore() != null && now.plus(skew).isBefore(conditions.getNotBefore())) {
            throw new Rejection("assertion not yet valid (NotBefore)");
        }
        if (conditions.getNotOnOrAfter() != null && !now.isBefore(conditions.getNotOnOrAfter().plus(skew))) {
            throw new Rejection("assertion expired (NotOnOrAfter)");
        }
        checkAudience(conditions, expected);
        return conditions.getNotOnOrAfter();
    }

    /** Every AudienceRestriction must name this SP, and there must be at least one. */
    private static void checkAudience(Conditions conditions, Expected expected) {
        if (conditions.getAudienceRestrictions().isEmpty()) {
            throw new Rejection("assertion without AudienceRestriction");
        }
        for (AudienceRestriction restriction : conditions.getAudienceRestrictions()) {
            boolean named = false;
            for (Audience audience : restriction.getAudiences()) {
                named |= expected.spEntityId().equals(audience.getURI());
            }
            if (!named) {
                throw new Rejection("assertion audience is not this SP");
            }
        }
    }

    /**
     * A bearer SubjectConfirmation whose data names this ACS, has not expired, carries no NotBefore
     * and answers this browser's request (or none, for an allowed unsolicited response). Returns its
     * NotOnOrAfter.
     */
    private static Instant checkSubjectConfirmation(Assertion assertion, Expected expected) {
        Subject subject = assertion.getSubject();
        if (subject == null) {
            throw new Rejection("assertion without Subject");
        }
        String reason = "no bearer SubjectConfirmation";
        for (SubjectConfirmation confirmation : subject.getSubjectConfirmations()) {
            if (!SubjectConfirmation.METHOD_BEARER.equals(confirmation.getMethod())) {
                continue;
            }
            SubjectConfirmationData data = confirmation.getSubjectConfirmationData();
            Instant now = expected.now();
            if (data == null) {
                reason = "bearer SubjectConfirmation without data";
            } else if (!expected.acsUrl().equals(data.getRecipient())) {
                reason = "SubjectConfirmationData Recipient is not this ACS";
            } else if (data.getNotOnOrAfter() == null) {
                reason = "SubjectConfirmationData without NotOnOrAfter";
            } else if (!now.isBefore(data.getNotOnOrAfter().plus(expected.clockSkew()))) {
                reason = "SubjectConfirmationData expired (NotOnOrAfter)";
            } else if (data.getNotBefore() != null) {
                reason = "SubjectConfirmationData of a bearer must not have NotBefore";
            } else if (!Objects.equals(expected.inResponseTo(), data.getInResponseTo())) {
                reason = "SubjectConfirmationData InResponseTo does not match this browser's request";
            } else {
                return data.getNotOnOrAfter();
            }
        }
        throw new Rejection(reason);
    }

    /** The NameID's full text: with comments dropped by the parser, nothing can hide part of it. */
    private static String checkNameId(Assertion assertion) {
        NameID nameId = assertion.getSubject().getNameID();
        if (nameId == null) {
            throw new Rejection("assertion without a NameID (encrypted and base identifiers are not supported)");
        }
        String value = nameId.getDOM() != null ? nameId.getDOM().getTextContent() : nameId.getValue();
        if (value == null || value.isBlank() || value.length() > MAX_NAME_ID_LENGTH) {
            throw new Rejection("NameID empty or longer than " + MAX_NAME_ID_LENGTH + " characters");
        }
        return value;
    }

    private static List<String> checkAuthnStatement(Assertion assertion, Expected expected) {
        if (assertion.getAuthnStatements().isEmpty()) {
            throw new Rejection("assertion without AuthnStatement");
        }
        List<String> contexts = new ArrayList<>();
        for (AuthnStatement statement : assertion.getAuthnStatements()) {
            if (statement.getSessionNotOnOrAfter() != null && !expected.now().isBefore(statement.getSessionNotOnOrAfter())) {
                throw new Rejection("the IdP session of this assertion has ended (SessionNotOnOrAfter)");
            }
            if (statement.getAuthnContext() != null && statement.getAuthnContext().getAuthnContextClassRef() != null
                    && statement.getAuthnContext().getAuthnContextClassRef().getURI() != null) {
                contexts.add(statement.getAuthnContext().getAuthnContextClassRef().getURI());
            }
        }
        return contexts;
    }

    private static Map<String, List<String>> attributes(Assertion assertion) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        Map<String, List<String>> byFriendlyName = new LinkedHashMap<>();
        int count = 0;
        for (AttributeStatement statement : assertion.getAttributeStatements()) {
            for (Attribute attribute : statement.getAttributes()) {
                if (++count > MAX_ATTRIBUTES || attribute.getName() == null) {
                    continue;
                }
                List<String> values = new ArrayList<>();
                for (XMLObject value : attribute.getAttributeValues()) {
                    String text = value.getDOM() != null ? value.getDOM().getTextContent()
                            : value instanceof XSString string ? string.getValue() : null;
                    if (text != null && !text.isEmpty() && text.length() <= MAX_VALUE_LENGTH && values.size() < MAX_VALUES) {
                        values.add(text);
                    }
                }
                byName.computeIfAbsent(attribute.getName(), name -> new ArrayList<>()).addAll(values);
                if (attribute.getFriendlyName() != null) {
                    byFriendlyName.computeIfAbsent(attribute.getFriendlyName(), name -> new ArrayList<>()).addAll(values);
                }
            }
        }
        byFriendlyName.forEach(byName::putIfAbsent);
        Map<String, List<String>> result = new LinkedHashMap<>();
        byName.forEach((name, values) -> result.put(name, List.copyOf(values)));
        return result;
    }
}
