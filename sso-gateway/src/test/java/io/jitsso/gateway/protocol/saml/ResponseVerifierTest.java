package io.jitsso.gateway.protocol.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.gateway.support.ForgingSamlIdp;
import io.jitsso.gateway.support.ForgingSamlIdp.ResponseSpec;
import io.jitsso.gateway.support.SignatureWrapping;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The negative corpus of the SAML assertion consumer: each check of {@link ResponseVerifier} meets a
 * response that is wrong in exactly that way, built by a forging IdP with OpenSAML, and must refuse
 * it for that reason. The first test proves the untampered response passes, so every rejection
 * below is the tampering's doing.
 */
class ResponseVerifierTest {

    private static final String SP = "https://gateway.example.test/saml/conn-1/metadata";
    private static final String ACS = "https://gateway.example.test/saml/conn-1/acs";
    private static final String REQUEST = "_request-1";
    private static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    private static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";

    private static ForgingSamlIdp idp;
    private static SpKeys.Credential sp;

    @BeforeAll
    static void keys() {
        SamlXml.bootstrap();
        idp = ForgingSamlIdp.create("https://idp.example.test/entity");
        SpKeys.Generated generated = SpKeys.generate("sp");
        sp = SpKeys.load(generated.privateKeyPkcs8(), generated.certificatePem());
    }

    private static ResponseSpec valid() {
        return idp.response(SP, ACS, REQUEST).attribute("Role", "corp-admins", "team-a-editors").attribute("email", "kay@corp.example");
    }

    private static String signedOnTheAssertion() {
        return valid().with(r -> {
            r.signResponse = false;
            r.signAssertion = true;
        }).xml();
    }

    private static ResponseVerifier.Result verify(String xml) {
        return verify(xml, REQUEST, false);
    }

    private static ResponseVerifier.Result verify(String xml, String inResponseTo, boolean unsolicitedAllowed) {
        return ResponseVerifier.verify(xml.getBytes(StandardCharsets.UTF_8), new ResponseVerifier.Expected(idp.entityId(),
                List.of(idp.certificate()), SP, ACS, inResponseTo, unsolicitedAllowed, Instant.now(), sp));
    }

    private static void assertRejected(String xml, String reasonPart) {
        ResponseVerifier.Result result = verify(xml);
        ResponseVerifier.Rejected rejected = assertInstanceOf(ResponseVerifier.Rejected.class, result, () -> "accepted: " + result);
        assertTrue(rejected.reason().contains(reasonPart), () -> "rejected, but for: " + rejected.reason());
    }

    private static void assertRejected(Consumer<ResponseSpec> change, String reasonPart) {
        assertRejected(valid().with(change).xml(), reasonPart);
    }

    @Test
    void anUntamperedResponseSignedOnTheResponseOrTheAssertionPasses() {
        for (Consumer<ResponseSpec> signing : List.<Consumer<ResponseSpec>>of(r -> { }, r -> {
            r.signResponse = false;
            r.signAssertion = true;
        }, r -> r.signAssertion = true)) {
            ResponseSpec spec = valid().with(signing);
            ResponseVerifier.Verified verified = assertInstanceOf(ResponseVerifier.Verified.class, verify(spec.xml()));
            assertEquals(spec.nameId, verified.assertion().nameId());
            assertEquals(spec.assertionId, verified.assertion().id());
            assertEquals(List.of("corp-admins", "team-a-editors"), verified.assertion().attributes().get("Role"));
            assertEquals(List.of("urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"),
                    verified.assertion().authnContexts());
            assertTrue(verified.assertion().replayUntil().isAfter(Instant.now().plusSeconds(299)));
        }
    }

    @Test
    void signatures() {
        assertRejected(r -> r.signResponse = false, "neither the response nor its assertion is signed");
        assertRejected(r -> r.signingKeys = ForgingSamlIdp.otherKeys(), "not valid under any pinned IdP certificate");
        assertRejected(r -> {
            r.signResponse = false;
            r.signAssertion = true;
            r.signingKeys = ForgingSamlIdp.otherKeys();
        }, "assertion signature is not valid");
        assertRejected(r -> r.signatureAlgorithm = SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1, "algorithm not accepted");
    }

    /**
     * A SHA-1 (or SHA-224) reference digest is refused even under an RSA-SHA256 signature by the
     * pinned key. (MD5 cannot even be signed: xmlsec's secure validation forbids it.)
     */
    @Test
    void weakDigestAlgorithmsAreRefused() {
        for (String digest : List.of(SignatureConstants.ALGO_ID_DIGEST_SHA1, SignatureConstants.ALGO_ID_DIGEST_SHA224)) {
            assertRejected(r -> r.digestAlgorithm = digest, "response signature digest algorithm not accepted: " + digest);
            assertRejected(r -> {
                r.signResponse = false;
                r.signAssertion = true;
                r.digestAlgorithm = digest;
            }, "assertion signature digest algorithm not accepted: " + digest);
        }
        for (String digest : List.of(SignatureConstants.ALGO_ID_DIGEST_SHA384, SignatureConstants.ALGO_ID_DIGEST_SHA512)) {
            assertInstanceOf(ResponseVerifier.Verified.class, verify(valid().with(r -> r.digestAlgorithm = digest).xml()),
                    digest + " is strong enough");
        }
    }

    @Test
    void aStrippedSignatureLeavesAnUnsignedResponse() {
        String signed = signedOnTheAssertion();
        assertRejected(ForgingSamlIdp.tamper(signed, document -> {
            Node signature = document.getElementsByTagNameNS(DSIG, "Signature").item(0);
            signature.getParentNode().removeChild(signature);
            return document;
        }), "neither the response nor its assertion is signed");
    }

    @Test
    void contentChangedAfterSigningBreaksTheSignature() {
        assertRejected(ForgingSamlIdp.tamper(valid().xml(), document -> {
            Element name = (Element) document.getElementsByTagNameNS(SAML, "NameID").item(0);
            name.setTextContent("admin@corp.example");
            return document;
        }), "not valid under any pinned IdP certificate");
    }

    /** XSW: the signed assertion moved aside (same ID) and an unsigned evil one in its place. */
    @Test
    void wrappingWithADuplicateIdIsRefused() {
        String signed = signedOnTheAssertion();
        assertRejected(ForgingSamlIdp.tamper(signed, document -> {
            Element response = document.getDocumentElement();
            Element original = (Element) document.getElementsByTagNameNS(SAML, "Assertion").item(0);
            Element evil = (Element) original.cloneNode(true);
            Node evilSignature = evil.getElementsByTagNameNS(DSIG, "Signature").item(0);
            evil.removeChild(evilSignature);
            evil.getElementsByTagNameNS(SAML, "NameID").item(0).setTextContent("admin@corp.example");
            Element extensions = document.createElementNS(SAMLP, "samlp:Extensions");
            response.insertBefore(extensions, original);
            extensions.appendChild(original);
            response.appendChild(evil);
            return document;
        }), "duplicate XML ID");
    }

    /** XSW: an evil assertion (new ID) carries the original's signature, the original hidden inside it. */
    @Test
    void wrappingWithAMovedSignatureIsRefused() {
        String signed = signedOnTheAssertion();
        assertRejected(ForgingSamlIdp.tamper(signed, document -> {
            Element response = document.getDocumentElement();
            Element original = (Element) document.getElementsByTagNameNS(SAML, "Assertion").item(0);
            Element evil = (Element) original.cloneNode(true);
            evil.setAttribute("ID", "_evil");
            evil.getElementsByTagNameNS(SAML, "NameID").item(0).setTextContent("admin@corp.example");
            response.replaceChild(evil, original);
            Element advice = document.createElementNS(SAML, "saml2:Advice");
            Node conditions = evil.getElementsByTagNameNS(SAML, "Conditions").item(0);
            evil.insertBefore(advice, conditions.getNextSibling());
            advice.appendChild(original);
            return document;
        }), "exactly one assertion, not 2");
    }

    /** XSW against a signed response: the signed response tucked into an evil one's Extensions. */
    @Test
    void wrappingASignedResponseIsRefused() {
        String signed = valid().xml();
        String evil = valid().with(r -> {
            r.signResponse = false;
            r.nameId = "admin@corp.example";
        }).xml();
        Document evilDocument = ForgingSamlIdp.parse(evil);
        Element original = (Element) evilDocument.importNode(ForgingSamlIdp.parse(signed).getDocumentElement(), true);
        Element extensions = evilDocument.createElementNS(SAMLP, "samlp:Extensions");
        Element root = evilDocument.getDocumentElement();
        root.insertBefore(extensions, root.getElementsByTagNameNS(SAMLP, "Status").item(0));
        extensions.appendChild(original);
        assertRejected(ForgingSamlIdp.serialize(evilDocument), "a Response inside the Response");
    }

    /**
     * XSW1-XSW8: the original, correctly signed by the pinned IdP key, passes; each wrapped forgery,
     * as published and with every repeated XML ID made unique, is refused for {@code reasons}
     * (published, fresh IDs), and no result ever carries the evil identity.
     */
    private static void assertWrappingRefused(SignatureWrapping attack, String publishedReason, String freshIdsReason) {
        ResponseSpec spec = attack.wrapsTheResponse() ? valid() : valid().with(r -> {
            r.signResponse = false;
            r.signAssertion = true;
        });
        String signed = spec.xml();
        ResponseVerifier.Verified original = assertInstanceOf(ResponseVerifier.Verified.class, verify(signed), attack + ": original");
        assertEquals(spec.nameId, original.assertion().nameId());
        String evil = "evil-admin@corp.example";
        for (boolean freshIds : List.of(false, true)) {
            String forged = attack.forge(signed, evil, freshIds);
            assertTrue(forged.contains(evil), "the forgery carries the evil identity");
            ResponseVerifier.Result result = verify(forged);
            ResponseVerifier.Rejected rejected = assertInstanceOf(ResponseVerifier.Rejected.class, result,
                    () -> attack + " (" + attack.shape() + ", fresh ids " + freshIds + ") accepted: " + result);
            String reason = freshIds ? freshIdsReason : publishedReason;
            assertTrue(rejected.reason().contains(reason), () -> attack + " fresh ids " + freshIds + " rejected, but for: "
                    + rejected.reason());
        }
    }

    /** XSW1: evil Response (new ID) keeps the Signature; the signed original, unsigned, inside the Signature. */
    @Test
    void xsw1SignedResponseMovedIntoItsOwnSignature() {
        assertWrappingRefused(SignatureWrapping.XSW1, "duplicate XML ID", "a Response inside the Response");
    }

    /** XSW2: evil Response (new ID) keeps the Signature; the signed original, unsigned, just before it. */
    @Test
    void xsw2SignedResponseMovedBeforeItsSignature() {
        assertWrappingRefused(SignatureWrapping.XSW2, "duplicate XML ID", "a Response inside the Response");
    }

    /** XSW3: an unsigned evil Assertion (new ID) before the signed original. */
    @Test
    void xsw3EvilAssertionBeforeTheSignedOne() {
        assertWrappingRefused(SignatureWrapping.XSW3, "exactly one assertion, not 2", "exactly one assertion, not 2");
    }

    /** XSW4: an unsigned evil Assertion (new ID) in the original's place, wrapping the signed original. */
    @Test
    void xsw4EvilAssertionWrapsTheSignedOne() {
        assertWrappingRefused(SignatureWrapping.XSW4, "exactly one assertion, not 2", "exactly one assertion, not 2");
    }

    /** XSW5: the signed Assertion made evil (new ID, Signature kept), an unsigned copy of the original appended. */
    @Test
    void xsw5EvilAssertionKeepsTheSignatureOriginalCopiedAfterIt() {
        assertWrappingRefused(SignatureWrapping.XSW5, "exactly one assertion, not 2", "exactly one assertion, not 2");
    }

    /** XSW6: the signed Assertion made evil (new ID, Signature kept), an unsigned copy of the original inside the Signature. */
    @Test
    void xsw6EvilAssertionKeepsTheSignatureOriginalCopiedIntoIt() {
        assertWrappingRefused(SignatureWrapping.XSW6, "exactly one assertion, not 2", "exactly one assertion, not 2");
    }

    /** XSW7: an unsigned evil copy in samlp:Extensions, the signed original untouched. */
    @Test
    void xsw7EvilAssertionInExtensions() {
        assertWrappingRefused(SignatureWrapping.XSW7, "duplicate XML ID", "exactly one assertion, not 2");
    }

    /** XSW8: the signed Assertion made evil (Signature kept), an unsigned copy of the original in a ds:Object of the Signature. */
    @Test
    void xsw8EvilAssertionKeepsTheSignatureOriginalInAnObject() {
        assertWrappingRefused(SignatureWrapping.XSW8, "duplicate XML ID", "exactly one assertion, not 2");
    }

    @Test
    void exactlyOneAssertion() {
        assertRejected(r -> r.secondAssertion = true, "exactly one assertion, not 2");
        String unsigned = valid().with(r -> {
            r.signResponse = false;
            r.destination = ACS;
        }).xml();
        assertRejected(ForgingSamlIdp.tamper(unsigned, document -> {
            Node assertion = document.getElementsByTagNameNS(SAML, "Assertion").item(0);
            assertion.getParentNode().removeChild(assertion);
            return document;
        }), "exactly one assertion, not 0");
    }

    @Test
    void issuerAudienceRecipientAndDestination() {
        assertRejected(r -> r.issuer = "https://evil.example.test", "response issuer");
        assertRejected(r -> r.assertionIssuer = "https://evil.example.test", "assertion issuer");
        assertRejected(r -> r.audience = "https://other-sp.example.test", "audience is not this SP");
        assertRejected(r -> r.audience = null, "without AudienceRestriction");
        assertRejected(r -> r.recipient = "https://evil.example.test/acs", "Recipient is not this ACS");
        assertRejected(r -> r.destination = "https://evil.example.test/acs", "Destination is not this ACS");
        assertRejected(r -> r.destination = null, "signed response without Destination");
    }

    @Test
    void timeWindowWithBoundedSkew() {
        Instant now = Instant.now();
        assertRejected(r -> r.notOnOrAfter = now.minusSeconds(61), "expired (NotOnOrAfter)");
        assertRejected(r -> r.notBefore = now.plusSeconds(120), "not yet valid (NotBefore)");
        assertRejected(r -> r.confirmationNotOnOrAfter = now.minusSeconds(61), "SubjectConfirmationData expired");
        assertRejected(r -> r.now = now.plusSeconds(300), "issued in the future");
        assertInstanceOf(ResponseVerifier.Verified.class, verify(valid().with(r -> r.notBefore = now.plusSeconds(30)).xml()),
                "30 s of IdP clock lead are within the skew");
    }

    /** The connection's skew applies to every bound, up to the 300 s limit, and no further. */
    @Test
    void clockSkewIsTheConnectionsAndBounded() {
        Instant now = Instant.now();
        ResponseSpec expiredFourMinutesAgo = valid().with(r -> {
            r.now = now.minusSeconds(600);
            r.notBefore = now.minusSeconds(605);
            r.notOnOrAfter = now.minusSeconds(240);
            r.confirmationNotOnOrAfter = now.minusSeconds(240);
        });
        String xml = expiredFourMinutesAgo.xml();
        assertInstanceOf(ResponseVerifier.Verified.class, verify(xml, Duration.ofSeconds(300)), "within 300 s of skew");
        assertInstanceOf(ResponseVerifier.Verified.class, verify(xml, Duration.ofSeconds(241)), "241 s: just within");
        assertRejected(xml, Duration.ofSeconds(240), "expired (NotOnOrAfter)");
        assertRejected(xml, Duration.ofSeconds(60), "expired (NotOnOrAfter)");

        String fromTheFuture = valid().with(r -> {
            r.now = now.plusSeconds(30);
            r.notBefore = now.plusSeconds(30);
        }).xml();
        assertRejected(fromTheFuture, Duration.ZERO, "issued in the future");
        assertInstanceOf(ResponseVerifier.Verified.class, verify(fromTheFuture, Duration.ofSeconds(31)));

        for (Duration outOfBounds : List.of(Duration.ofSeconds(301), Duration.ofSeconds(-1))) {
            assertThrows(IllegalArgumentException.class, () -> new ResponseVerifier.Expected(idp.entityId(),
                    List.of(idp.certificate()), SP, ACS, REQUEST, false, now, sp, outOfBounds));
        }
    }

    private static ResponseVerifier.Result verify(String xml, Duration skew) {
        return ResponseVerifier.verify(xml.getBytes(StandardCharsets.UTF_8), new ResponseVerifier.Expected(idp.entityId(),
                List.of(idp.certificate()), SP, ACS, REQUEST, false, Instant.now(), sp, skew));
    }

    private static void assertRejected(String xml, Duration skew, String reasonPart) {
        ResponseVerifier.Result result = verify(xml, skew);
        ResponseVerifier.Rejected rejected = assertInstanceOf(ResponseVerifier.Rejected.class, result, () -> "accepted: " + result);
        assertTrue(rejected.reason().contains(reasonPart), () -> "rejected, but for: " + rejected.reason());
    }

    @Test
    void inResponseToMustBeThisBrowsersRequest() {
        assertRejected(r -> {
            r.inResponseTo = "_other";
            r.confirmationInResponseTo = "_other";
        }, "InResponseTo does not match");
        assertRejected(r -> r.confirmationInResponseTo = "_other", "SubjectConfirmationData InResponseTo does not match");
        assertRejected(r -> {
            r.inResponseTo = null;
            r.confirmationInResponseTo = null;
        }, "this browser has one pending");
    }

    @Test
    void unsolicitedResponsesOnlyWhenTheConnectionAllowsThem() {
        String unsolicited = idp.response(SP, ACS, null).xml();
        ResponseVerifier.Rejected refused = assertInstanceOf(ResponseVerifier.Rejected.class, verify(unsolicited, null, false));
        assertTrue(refused.reason().contains("IdP-initiated sign-in is off"), refused.reason());
        ResponseVerifier.Verified verified = assertInstanceOf(ResponseVerifier.Verified.class, verify(unsolicited, null, true));
        assertTrue(verified.assertion().unsolicited());
        ResponseVerifier.Rejected answer = assertInstanceOf(ResponseVerifier.Rejected.class, verify(valid().xml(), null, true));
        assertTrue(answer.reason().contains("InResponseTo"), "an answer to some other request is not unsolicited");
    }

    @Test
    void aNonSuccessStatusIsReportedNotRejected() {
        ResponseVerifier.NotSuccess status = assertInstanceOf(ResponseVerifier.NotSuccess.class, verify(valid().with(r -> {
            r.statusCode = StatusCode.RESPONDER;
            r.subStatusCode = StatusCode.AUTHN_FAILED;
            r.statusMessage = "account locked";
            r.signResponse = false;
        }).xml()));
        assertEquals("Responder / AuthnFailed", status.status());
        assertEquals("account locked", status.message());
    }

    @Test
    void aNonSuccessStatusThatAnswersNoRequestOfThisBrowserIsRejected() {
        // anyone can POST an unsigned error response cross-site: its text must not reach our page
        String unsolicited = idp.response(SP, ACS, null).with(r -> {
            r.statusCode = StatusCode.RESPONDER;
            r.statusMessage = "Account locked: call +1 555 0100";
            r.signResponse = false;
        }).xml();
        for (boolean allowed : new boolean[] {false, true}) {
            ResponseVerifier.Rejected refused = assertInstanceOf(ResponseVerifier.Rejected.class, verify(unsolicited, null, allowed));
            assertTrue(refused.reason().contains("answers no request"), refused.reason());
            refused = assertInstanceOf(ResponseVerifier.Rejected.class, verify(unsolicited, REQUEST, allowed));
            assertTrue(refused.reason().contains("answers no request"), refused.reason());
        }
        String toAnother = idp.response(SP, ACS, "_another-request").with(r -> {
            r.statusCode = StatusCode.RESPONDER;
            r.signResponse = false;
        }).xml();
        assertInstanceOf(ResponseVerifier.Rejected.class, verify(toAnother));
    }

    @Test
    void dtdsEntitiesAndBillionLaughsNeverReachTheParser() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<samlp:Response xmlns:samlp=\"" + SAMLP + "\">&x;</samlp:Response>";
        assertRejected(xxe, "DTD");
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i < 10; i++) {
            laughs.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        laughs.append("]><samlp:Response xmlns:samlp=\"" + SAMLP + "\">&lol9;</samlp:Response>");
        assertRejected(laughs.toString(), "DTD");
        String signedWithDoctype = "<!DOCTYPE samlp:Response>" + valid().xml();
        assertRejected(signedWithDoctype, "DTD");
    }

    @Test
    void aCommentInsideTheNameIdCannotShortenIt() {
        ResponseSpec spec = valid().with(r -> {
            r.nameId = "admin@corp.example.evil.test";
            r.nameIdComment = ".evil.test";
        });
        String xml = spec.xml();
        assertTrue(xml.contains("<!--comment-->"), "the forged NameID carries a comment");
        ResponseVerifier.Verified verified = assertInstanceOf(ResponseVerifier.Verified.class, verify(xml));
        assertEquals("admin@corp.example.evil.test", verified.assertion().nameId(), "the whole signed value, not its first half");
    }

    @Test
    void encryptedAssertionsDecryptWithTheSpKeyOnly() {
        ResponseSpec spec = valid().with(r -> r.encryptFor = sp.certificate());
        ResponseVerifier.Verified verified = assertInstanceOf(ResponseVerifier.Verified.class, verify(spec.xml()));
        assertEquals(spec.nameId, verified.assertion().nameId());
        SpKeys.Generated other = SpKeys.generate("other");
        assertRejected(valid().with(r -> r.encryptFor = SpKeys.load(other.privateKeyPkcs8(), other.certificatePem()).certificate()).xml(),
                "does not decrypt");
        assertRejected(valid().with(r -> {
            r.encryptFor = sp.certificate();
            r.signResponse = false;
        }).xml(), "neither the response nor its assertion is signed");
    }

    @Test
    void encryptionIsAcceptedOnlyWithAllowedAlgorithms() {
        // AES-CBC with RSA-OAEP: what AD FS sends by default
        ResponseSpec cbc = valid().with(r -> {
            r.encryptFor = sp.certificate();
            r.dataEncryption = EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256;
        });
        assertInstanceOf(ResponseVerifier.Verified.class, verify(cbc.xml()));
        // RSA PKCS#1 v1.5 key transport (Bleichenbacher) and Triple DES are refused
        assertRejected(valid().with(r -> {
            r.encryptFor = sp.certificate();
            r.keyTransport = EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSA15;
        }).xml(), "does not decrypt");
        assertRejected(valid().with(r -> {
            r.encryptFor = sp.certificate();
            r.dataEncryption = EncryptionConstants.ALGO_ID_BLOCKCIPHER_TRIPLEDES;
        }).xml(), "does not decrypt");
    }

    @Test
    void deeplyNestedXmlIsRejectedNotAStackOverflow() {
        int depth = 15_000;
        StringBuilder xml = new StringBuilder("<samlp:Response xmlns:samlp=\"" + SAMLP + "\" ID=\"_r\" Version=\"2.0\">"
                + "<samlp:Extensions>");
        xml.append("<x>".repeat(depth)).append("</x>".repeat(depth)).append("</samlp:Extensions></samlp:Response>");
        assertTrue(xml.length() < ResponseVerifier.MAX_XML_BYTES, "fits the size limit: " + xml.length());
        assertRejected(xml.toString(), "not well-formed");
        // a real response's depth is far below the limit
        assertInstanceOf(ResponseVerifier.Verified.class, verify(signedOnTheAssertion()));
    }

    @Test
    void garbageIsRejectedNotThrown() {
        assertRejected("not xml at all", "not well-formed");
        assertRejected("<x/>", "not a SAML 2.0 Response");
        assertRejected("<samlp:Response xmlns:samlp=\"" + SAMLP + "\"/>", "");
        ResponseVerifier.Result huge = ResponseVerifier.verify(new byte[ResponseVerifier.MAX_XML_BYTES + 1],
                new ResponseVerifier.Expected(idp.entityId(), List.of(idp.certificate()), SP, ACS, REQUEST, false, Instant.now(), sp));
        assertInstanceOf(ResponseVerifier.Rejected.class, huge);
    }
}
