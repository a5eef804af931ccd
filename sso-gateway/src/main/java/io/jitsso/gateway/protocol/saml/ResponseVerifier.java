package io.jitsso.gateway.protocol.saml;

import io.jitsso.gateway.persistence.SamlSettings;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.StatusCode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Every check a SAML response must pass before anything in it is believed (SAML 2.0 core and the
 * Web Browser SSO profile), one method per check, run here in one fixed order: the response-level checks
 * are in this class, the others in {@link SignatureWrappingDefence}, {@link PinnedSignatures},
 * {@link AssertionDecryption}, {@link AssertionConditions}, {@link AssertionSubject} and
 * {@link AssertionStatements}. The identity is read only from the assertion whose
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
        SignatureWrappingDefence.checkUniqueIds(root);
        SignatureWrappingDefence.checkNoWrappedCopies(root);
        Response response = (Response) SamlXml.unmarshall(root);
        checkResponseIssuer(response, expected);
        if (!isSuccess(response)) {
            // reported only when it answers this browser's request: an unsolicited or unbound one could be anyone's
            // cross-site POST (an IdP's error response is usually unsigned), and its StatusMessage their text on our page
            if (expected.inResponseTo() == null || !expected.inResponseTo().equals(response.getInResponseTo())) {
                throw new Rejection("a status other than Success that answers no request of this browser");
            }
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
        AssertionConditions.checkIssuer(assertion, expected);
        AssertionConditions.checkIssueInstant(assertion, expected);
        Instant conditionsEnd = AssertionConditions.checkConditions(assertion, expected);
        Instant confirmationEnd = AssertionSubject.checkSubjectConfirmation(assertion, expected);
        String nameId = AssertionSubject.checkNameId(assertion);
        List<String> contexts = AssertionStatements.checkAuthnStatement(assertion, expected);
        Instant replayUntil = (conditionsEnd == null || confirmationEnd.isBefore(conditionsEnd) ? confirmationEnd : conditionsEnd)
                .plus(expected.clockSkew());
        if (assertion.getID() == null || assertion.getID().isEmpty() || assertion.getID().length() > 256) {
            throw new Rejection("assertion without a usable ID");
        }
        return new Verified(new VerifiedAssertion(assertion.getID(), nameId, assertion.getSubject().getNameID().getFormat(),
                AssertionStatements.attributes(assertion), contexts, replayUntil, expected.inResponseTo() == null));
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
        PinnedSignatures.verifySignature(response.getSignature(), expected.idpCertificates(), "response");
        return true;
    }

    private static boolean verifyAssertionSignature(Assertion assertion, Expected expected) {
        if (assertion.getSignature() == null) {
            return false;
        }
        PinnedSignatures.verifySignature(assertion.getSignature(), expected.idpCertificates(), "assertion");
        return true;
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
        return AssertionDecryption.decrypt(response.getEncryptedAssertions().get(0), expected.sp());
    }
}
