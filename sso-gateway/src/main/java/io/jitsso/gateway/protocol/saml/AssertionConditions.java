package io.jitsso.gateway.protocol.saml;

import io.jitsso.gateway.protocol.saml.ResponseVerifier.Expected;
import java.time.Duration;
import java.time.Instant;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameIDType;

/**
 * Whether the verified assertion is meant for this SP now: who issued it, when, its Conditions' time
 * window and audience. Every time bound tolerates the connection's clock skew.
 */
final class AssertionConditions {

    private AssertionConditions() {
    }

    static void checkIssuer(Assertion assertion, Expected expected) {
        Issuer issuer = assertion.getIssuer();
        if (issuer == null || !expected.idpEntityId().equals(issuer.getValue())) {
            throw new Rejection("assertion issuer is not the connection's IdP");
        }
        if (issuer.getFormat() != null && !NameIDType.ENTITY.equals(issuer.getFormat())) {
            throw new Rejection("assertion issuer is not an entity id");
        }
    }

    static void checkIssueInstant(Assertion assertion, Expected expected) {
        if (assertion.getIssueInstant() == null || assertion.getIssueInstant().isAfter(expected.now().plus(expected.clockSkew()))) {
            throw new Rejection("assertion issued in the future");
        }
    }

    /** Time window and audience; returns the NotOnOrAfter of the conditions (null when unbounded). */
    static Instant checkConditions(Assertion assertion, Expected expected) {
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
}
