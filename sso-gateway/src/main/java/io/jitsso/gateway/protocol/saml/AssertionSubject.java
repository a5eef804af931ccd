package io.jitsso.gateway.protocol.saml;

import io.jitsso.gateway.protocol.saml.ResponseVerifier.Expected;
import java.time.Instant;
import java.util.Objects;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;

/** Who the verified assertion is about, and whether this browser may present it (bearer confirmation). */
final class AssertionSubject {

    static final int MAX_NAME_ID_LENGTH = 255;

    private AssertionSubject() {
    }

    /**
     * A bearer SubjectConfirmation whose data names this ACS, has not expired, carries no NotBefore
     * and answers this browser's request (or none, for an allowed unsolicited response). Returns its
     * NotOnOrAfter.
     */
    static Instant checkSubjectConfirmation(Assertion assertion, Expected expected) {
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
    static String checkNameId(Assertion assertion) {
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
}
