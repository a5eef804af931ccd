package io.jitsso.contracts.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict form parser of the token endpoint and the SAML assertion consumer service. */
class FormBodyTest {

    @Test
    void fieldsAreDecodedInTheirOrder() {
        Map<String, String> fields = FormBody.singleValued(
                "grant_type=authorization_code&code=a%2Bb+c&redirect_uri=http%3A%2F%2Fapp%2Fcb%3Fx%3D1&name=%C3%A9t%C3%A9");

        assertEquals(List.of("grant_type", "code", "redirect_uri", "name"), List.copyOf(fields.keySet()));
        assertEquals("a+b c", fields.get("code"));
        assertEquals("http://app/cb?x=1", fields.get("redirect_uri"));
        assertEquals("été", fields.get("name"));
    }

    @Test
    void emptyPairsAreSkippedAndAFieldWithoutValueIsEmpty() {
        assertEquals(Map.of("a", "1", "flag", "", "b", ""), FormBody.singleValued("&a=1&&flag&b=&"));
        assertEquals(Map.of(), FormBody.singleValued(""));
        assertEquals(Map.of(), FormBody.singleValued(null));
    }

    @Test
    void aValueMayItselfHoldAnEqualsSign() {
        assertEquals(Map.of("SAMLResponse", "PHNhbWw+=="), FormBody.singleValued("SAMLResponse=PHNhbWw%2B=="));
    }

    @Test
    void unescapedNonAsciiCharactersAreTakenAsTheirUtf8() {
        assertEquals(Map.of("name", "é😀"), FormBody.singleValued("name=é😀"));
    }

    @Test
    void aBadPercentEscapeIsMalformedAndTheMessageRepeatsNoValue() {
        for (String body : List.of("grant_type=%ZZ", "code=%2", "code=%", "%G1=x", "secret=hunter2%zq")) {
            FormBody.Malformed malformed = assertThrows(FormBody.Malformed.class, () -> FormBody.singleValued(body), body);
            assertFalse(malformed.getMessage().contains("hunter2"), malformed.getMessage());
            assertFalse(malformed.getMessage().contains("ZZ") || malformed.getMessage().contains("zq"), malformed.getMessage());
        }
    }

    @Test
    void escapesThatAreNotUtf8AreMalformed() {
        assertThrows(FormBody.Malformed.class, () -> FormBody.singleValued("name=%C3%28"));
        assertThrows(FormBody.Malformed.class, () -> FormBody.singleValued("name=%FF"));
    }

    @Test
    void aRepeatedFieldIsMalformedAndNamed() {
        FormBody.Malformed twice = assertThrows(FormBody.Malformed.class,
                () -> FormBody.singleValued("SAMLResponse=a&RelayState=r&SAMLResponse=b"));
        assertEquals("SAMLResponse appears more than once", twice.getMessage());

        // a name is decoded before it is compared, and one that is not printable is not repeated back
        assertThrows(FormBody.Malformed.class, () -> FormBody.singleValued("code=1&c%6Fde=2"));
        assertEquals("a field appears more than once",
                assertThrows(FormBody.Malformed.class, () -> FormBody.singleValued("a%0Ab=1&a%0Ab=2")).getMessage());
    }
}
