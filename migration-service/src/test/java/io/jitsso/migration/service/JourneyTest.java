package io.jitsso.migration.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.error.ApiException.FieldError;
import io.jitsso.migration.source.SourceType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JourneyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, SourceType> SOURCES = Map.of("codes", SourceType.ONE_TIME_CODE,
            "kc", SourceType.OAUTH2_PASSWORD);

    private static Journey.Parsed parse(String definition) throws Exception {
        return Journey.parse(JSON.readTree(definition), SOURCES);
    }

    private static List<String> fields(Journey.Parsed parsed) {
        return assertInstanceOf(Journey.Invalid.class, parsed).errors().stream().map(FieldError::field).toList();
    }

    @Test
    void aCodeJourneyWithARequiredPasswordRegistration() throws Exception {
        Journey journey = assertInstanceOf(Journey.Valid.class, parse("{\"steps\": ["
                + "{\"type\": \"collect\", \"inputs\": [\"identifier\", \"code\"]},"
                + "{\"type\": \"validate_at_source\", \"source_id\": \"codes\"},"
                + "{\"type\": \"create_user\"},"
                + "{\"type\": \"register_authenticator\", \"authenticator\": \"password\", \"skippable\": false}]}")).journey();
        assertEquals(new Journey("code", "codes", true, false), journey);
    }

    @Test
    void aPasswordJourneyWithoutRegistration() throws Exception {
        assertEquals(new Journey("password", "kc", false, true), assertInstanceOf(Journey.Valid.class, parse("{\"steps\": ["
                + "{\"type\": \"collect\", \"inputs\": [\"identifier\", \"password\"]},"
                + "{\"type\": \"validate_at_source\", \"source_id\": \"kc\"},"
                + "{\"type\": \"create_user\"}]}")).journey());
    }

    @Test
    void invalidJourneysNameTheirSteps() throws Exception {
        assertEquals(List.of("steps"), fields(parse("{\"steps\": []}")));
        assertEquals(List.of("steps[0].type"), fields(parse("{\"steps\": [{\"type\": \"launch_rockets\"}]}")));
        // a password source cannot validate a code; an unknown source is refused
        assertEquals(List.of("steps[1].source_id"), fields(parse("{\"steps\": ["
                + "{\"type\": \"collect\", \"inputs\": [\"identifier\", \"code\"]},"
                + "{\"type\": \"validate_at_source\", \"source_id\": \"kc\"}, {\"type\": \"create_user\"}]}")));
        assertEquals(List.of("steps[1].source_id"), fields(parse("{\"steps\": ["
                + "{\"type\": \"collect\", \"inputs\": [\"identifier\", \"password\"]},"
                + "{\"type\": \"validate_at_source\", \"source_id\": \"gone\"}, {\"type\": \"create_user\"}]}")));
        // out of order: creating before validating, registering before creating
        assertEquals(List.of("steps[1]", "steps[2]"), fields(parse("{\"steps\": ["
                + "{\"type\": \"collect\", \"inputs\": [\"identifier\", \"code\"]},"
                + "{\"type\": \"create_user\"},"
                + "{\"type\": \"validate_at_source\", \"source_id\": \"codes\"}]}")));
        assertEquals(List.of("steps"), fields(parse("{\"steps\": ["
                + "{\"type\": \"collect\", \"inputs\": [\"identifier\", \"code\"]},"
                + "{\"type\": \"validate_at_source\", \"source_id\": \"codes\"}]}")));
        assertEquals(List.of("steps[3]"), fields(parse("{\"steps\": ["
                + "{\"type\": \"collect\", \"inputs\": [\"identifier\", \"password\"]},"
                + "{\"type\": \"validate_at_source\", \"source_id\": \"kc\"}, {\"type\": \"create_user\"},"
                + "{\"type\": \"register_authenticator\", \"authenticator\": \"password\"}]}")));
    }
}
