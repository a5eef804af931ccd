package io.jitsso.gateway.protocol.saml;

import io.jitsso.gateway.protocol.saml.ResponseVerifier.Expected;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AuthnStatement;

/** What the verified assertion says about the sign-in and the user: its AuthnStatements and attributes. */
final class AssertionStatements {

    static final int MAX_ATTRIBUTES = 256;
    static final int MAX_VALUES = 256;
    static final int MAX_VALUE_LENGTH = 1024;

    private AssertionStatements() {
    }

    /** At least one AuthnStatement, none whose IdP session has ended; returns their AuthnContextClassRefs. */
    static List<String> checkAuthnStatement(Assertion assertion, Expected expected) {
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

    /**
     * Values by attribute Name, and by FriendlyName where that is not also a Name. Never rejects: past
     * the limits, attributes and values are dropped.
     */
    static Map<String, List<String>> attributes(Assertion assertion) {
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
