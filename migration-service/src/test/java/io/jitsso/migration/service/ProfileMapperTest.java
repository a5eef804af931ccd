package io.jitsso.migration.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.contracts.profile.UserSchema;
import io.jitsso.migration.source.SourceProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UserSchema SCHEMA = new UserSchema(List.of(
            new UserSchema.Attribute("department", UserSchema.Type.STRING, true),
            new UserSchema.Attribute("employee_number", UserSchema.Type.NUMBER, false),
            new UserSchema.Attribute("contractor", UserSchema.Type.BOOLEAN, false),
            new UserSchema.Attribute("hired_on", UserSchema.Type.DATE, false)));

    private static SourceProfile profile(String json) throws Exception {
        return new SourceProfile("s-1", (ObjectNode) JSON.readTree(json));
    }

    @Test
    void mapsStandardAndCustomAttributesByNameAndPointer() throws Exception {
        ProfileMapper.Result result = ProfileMapper.map(SCHEMA, Map.of("email", "mail", "email_verified", "verified",
                "given_name", "/name/first", "department", "/org/dept", "employee_number", "no", "contractor", "ext",
                "hired_on", "hired"), profile("{\"mail\":\"a@x.example\",\"verified\":true,\"name\":{\"first\":\"Ann\"},"
                + "\"org\":{\"dept\":\"Sales\"},\"no\":\"0042.50\",\"ext\":\"TRUE\",\"hired\":\"2020-02-29\"}"));
        SignInEvent.Profile mapped = assertInstanceOf(ProfileMapper.Mapped.class, result).profile();
        assertEquals("a@x.example", mapped.email());
        assertEquals(Boolean.TRUE, mapped.emailVerified());
        assertEquals("Ann", mapped.givenName());
        assertNull(mapped.familyName());
        assertEquals(Map.of("department", "Sales", "employee_number", "42.50", "contractor", "true", "hired_on", "2020-02-29"),
                mapped.custom());
    }

    @Test
    void missingRequiredAttributeIsInvalid() throws Exception {
        ProfileMapper.Result result = ProfileMapper.map(SCHEMA, Map.of("department", "dept"), profile("{\"mail\":\"a@x\"}"));
        assertEquals(List.of("department is required and missing at the source"),
                assertInstanceOf(ProfileMapper.Invalid.class, result).problems());
    }

    @Test
    void valuesOfTheWrongTypeAreInvalidAndNotQuoted() throws Exception {
        ProfileMapper.Result result = ProfileMapper.map(SCHEMA, Map.of("department", "d", "employee_number", "n",
                "contractor", "c", "hired_on", "h"), profile("{\"d\":\"x\",\"n\":\"1e999999999\",\"c\":\"yes\",\"h\":\"29.02.2020\"}"));
        assertEquals(List.of("employee_number is not a number", "contractor is not a boolean", "hired_on is not a date"),
                assertInstanceOf(ProfileMapper.Invalid.class, result).problems());
    }

    @Test
    void objectsAndArraysAreNotValues() throws Exception {
        ProfileMapper.Result result = ProfileMapper.map(SCHEMA, Map.of("department", "d"), profile("{\"d\":{\"x\":1}}"));
        assertInstanceOf(ProfileMapper.Invalid.class, result);
    }

    @Test
    void schemaAndMappingValidation() {
        assertEquals(List.of("attributes[0].name", "attributes[1].name", "attributes[2].name"),
                UserSchema.validate(List.of(new UserSchema.Attribute("email", UserSchema.Type.STRING, false),
                        new UserSchema.Attribute("aud", UserSchema.Type.STRING, false),
                        new UserSchema.Attribute("9lives", UserSchema.Type.STRING, false))).stream()
                        .map(e -> e.field()).toList());
        // every claim session-service refuses to carry is refused as an attribute name here
        for (String claim : io.jitsso.contracts.tokens.ReservedClaims.NAMES) {
            assertEquals(List.of("attributes[0].name"), UserSchema.validate(List.of(
                    new UserSchema.Attribute(claim, UserSchema.Type.STRING, false))).stream().map(e -> e.field()).toList(),
                    claim);
        }
        assertEquals(List.of("attribute_mapping.department"), SCHEMA.validateMapping(Map.of("email", "mail")).stream()
                .map(e -> e.field()).toList());
        assertEquals(List.of("attribute_mapping.shoe_size"), SCHEMA.validateMapping(Map.of("department", "d",
                "shoe_size", "s")).stream().map(e -> e.field()).toList());
    }
}
