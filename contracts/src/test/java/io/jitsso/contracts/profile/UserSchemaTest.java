package io.jitsso.contracts.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jitsso.contracts.error.ApiException.FieldError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserSchemaTest {

    private static final UserSchema SCHEMA = new UserSchema(List.of(
            new UserSchema.Attribute("department", UserSchema.Type.STRING, true),
            new UserSchema.Attribute("cost_center", UserSchema.Type.NUMBER, false),
            new UserSchema.Attribute("contractor", UserSchema.Type.BOOLEAN, false),
            new UserSchema.Attribute("hired", UserSchema.Type.DATE, false)));

    @Test
    void valuesAreNormalizedToTheirTypesAndUnknownNamesLeftOut() {
        UserSchema.Conformed conformed = SCHEMA.conform(Map.of("department", " R&D ", "cost_center", "-0012.50E1",
                "contractor", "FALSE", "hired", "2024-02-29", "nickname", "x"), "upstream");
        assertEquals(List.of(), conformed.problems());
        assertEquals(Map.of("department", "R&D", "cost_center", "-125.0", "contractor", "false", "hired", "2024-02-29"),
                conformed.values());
    }

    @Test
    void missingRequiredAndMistypedValuesAreNamedNeverShown() {
        Map<String, String> values = new HashMap<>();
        values.put("department", "   ");
        values.put("cost_center", "12 apples");
        values.put("contractor", "yes");
        values.put("hired", "2023-02-29");
        UserSchema.Conformed conformed = SCHEMA.conform(values, "from the identity provider");
        assertEquals(List.of("department is required and missing from the identity provider", "cost_center is not a number",
                "contractor is not a boolean", "hired is not a date"), conformed.problems());
        assertEquals(Map.of(), conformed.values());
    }

    @Test
    void hugeValuesAndExponentsAreRefused() {
        assertNull(UserSchema.normalize(UserSchema.Type.STRING, "x".repeat(UserSchema.MAX_VALUE_LENGTH + 1)));
        assertEquals("x".repeat(UserSchema.MAX_VALUE_LENGTH),
                UserSchema.normalize(UserSchema.Type.STRING, "x".repeat(UserSchema.MAX_VALUE_LENGTH)));
        assertNull(UserSchema.normalize(UserSchema.Type.NUMBER, "1e999999999"), "would expand to a billion digits");
        assertEquals(List.of(new FieldError("m.nickname", "is not an attribute of the tenant's user schema"),
                        new FieldError("m.department", "is required by the tenant's user schema")),
                SCHEMA.misfits(List.of("hired", "nickname"), "m."));
    }

    @Test
    void aRestrictedSchemaRequiresOnlyWhatItKeeps() {
        UserSchema mapped = SCHEMA.restrictedTo(java.util.Set.of("hired", "nickname"));
        assertEquals(List.of(new UserSchema.Attribute("hired", UserSchema.Type.DATE, false)), mapped.attributes());
        assertEquals(List.of(), mapped.conform(Map.of("hired", "2020-01-31"), "upstream").problems());
    }
}
