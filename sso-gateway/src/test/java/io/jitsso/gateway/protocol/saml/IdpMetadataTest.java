package io.jitsso.gateway.protocol.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.gateway.support.ForgingSamlIdp;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IdP metadata with a configured metadata signing certificate: only a document signed by that key,
 * unchanged since and not expired, gives the gateway its IdP keys.
 */
class IdpMetadataTest {

    private static final String SSO = "https://idp.example.test/sso";

    private static ForgingSamlIdp idp;
    private static ForgingSamlIdp metadataSigner;
    private static ForgingSamlIdp attacker;

    @BeforeAll
    static void keys() {
        idp = ForgingSamlIdp.create("https://idp.example.test/entity");
        metadataSigner = ForgingSamlIdp.create("https://federation.example.test/signer");
        attacker = ForgingSamlIdp.create("https://attacker.example.test");
    }

    private static String metadata(X509Certificate signing) {
        return ForgingSamlIdp.metadataXml(idp.entityId(), SSO, List.of(signing));
    }

    private static void assertRefused(String xml, String reasonPart) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> IdpMetadata.parse(xml, metadataSigner.certificate(), Instant.now()));
        assertTrue(refused.getMessage().contains(reasonPart), () -> "refused, but for: " + refused.getMessage());
    }

    @Test
    void signedByTheConfiguredKeyGivesTheIdpKeys() {
        String signed = metadataSigner.signMetadata(metadata(idp.certificate()), Instant.now().plusSeconds(3600));
        IdpMetadata.Descriptor descriptor = IdpMetadata.parse(signed, metadataSigner.certificate(), Instant.now());
        assertEquals(idp.entityId(), descriptor.entityId());
        assertEquals(SSO, descriptor.ssoUrl());
        assertEquals(List.of(Pem.text(idp.certificate())), descriptor.certificates());
        assertEquals(descriptor, IdpMetadata.parse(signed), "without a configured signer the signature is not required");
    }

    @Test
    void unsignedWrongKeyTamperedOrExpiredMetadataIsRefused() {
        assertRefused(metadata(attacker.certificate()), "metadata is not signed");
        assertRefused(attacker.signMetadata(metadata(attacker.certificate()), null), "not valid under any pinned");
        String signed = metadataSigner.signMetadata(metadata(idp.certificate()), null);
        String swapped = signed.replace(ForgingSamlIdp.base64(idp.certificate()), ForgingSamlIdp.base64(attacker.certificate()));
        assertTrue(!swapped.equals(signed), "the forgery swaps the IdP certificate");
        assertRefused(swapped, "not valid under any pinned");
        assertRefused(metadataSigner.signMetadata(metadata(idp.certificate()), Instant.now().minusSeconds(1)), "expired");
        String sha1 = metadataSigner.signMetadata(metadata(idp.certificate()), null)
                .replace("http://www.w3.org/2001/04/xmlenc#sha256", "http://www.w3.org/2000/09/xmldsig#sha1");
        assertRefused(sha1, "digest algorithm not accepted");
    }
}
