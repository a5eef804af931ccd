package io.jitsso.gateway.protocol.saml;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The structural defence against XML signature wrapping (XSW), run on the DOM before any signature is
 * looked at: a verifier that checks one element and reads another is fooled only when the document can
 * hold a second candidate, so a document that could is refused outright.
 */
final class SignatureWrappingDefence {

    private SignatureWrappingDefence() {
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
}
