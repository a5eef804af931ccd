package io.jitsso.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void standardClaimsByDefault() throws Exception {
        UpstreamIdentity identity = AttributeMapper.identity("conn-1", "sub-1", JSON.readTree(
                "{\"email\":\"a@x.example\",\"email_verified\":true,\"given_name\":\"Ann\",\"family_name\":\"Lee\",\"name\":\"Ann Lee\"}"),
                List.of("r"), List.of("pwd"), AttributeMappings.standard());
        assertEquals("a@x.example", identity.email());
        assertTrue(identity.emailVerified());
        assertEquals("Ann", identity.givenName());
        assertEquals("Lee", identity.familyName());
        assertEquals("Ann Lee", identity.displayName());
        assertEquals(List.of("r"), identity.roles());
        assertEquals(List.of("pwd"), identity.amr());
        assertEquals("conn-1", identity.connectionId());
        assertEquals(Map.of(), identity.attributes());
    }

    @Test
    void mappedPathsAndCustomAttributes() throws Exception {
        AttributeMappings mappings = new AttributeMappings(ClaimPath.parse("contact.mail"), ClaimPath.parse("contact.verified"),
                ClaimPath.parse("first"), ClaimPath.parse("last"), ClaimPath.parse("display"),
                Map.of("department", ClaimPath.parse("org.dept"), "cost_center", ClaimPath.parse("cc"), "absent", ClaimPath.parse("nope")));
        UpstreamIdentity identity = AttributeMapper.identity("c", "s", JSON.readTree(
                "{\"contact\":{\"mail\":\"b@y.example\",\"verified\":\"false\"},\"first\":\"Bo\",\"org\":{\"dept\":[\"R&D\",\"Ops\"]},\"cc\":42}"),
                List.of(), List.of(), mappings);
        assertEquals("b@y.example", identity.email());
        assertFalse(identity.emailVerified(), "the string false is not a verification");
        assertEquals("Bo", identity.givenName());
        assertNull(identity.familyName());
        assertEquals(Map.of("department", "R&D", "cost_center", "42"), identity.attributes());
    }

    @Test
    void customAttributeNamesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new AttributeMappings(null, null, null, null, null,
                Map.of("Bad-Name", ClaimPath.parse("x"))));
    }
}
