package io.jitsso.migration.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.migration.source.http.BodyTemplate;
import org.junit.jupiter.api.Test;

class BodyTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonValuesAreEscapedNotSpliced() throws Exception {
        BodyTemplate template = BodyTemplate.parse(BodyTemplate.JSON,
                "{\"user\": \"{{identifier}}\", \"auth\": {\"pw\": \"{{password}}\"}, \"tag\": \"login:{{identifier}}\"}", JSON);
        String identifier = "a\", \"admin\": true, \"x\": \"";
        String password = "{{identifier}}\\\n\u0000";
        JsonNode body = JSON.readTree(template.render(identifier, password));
        assertEquals(identifier, body.get("user").asText());
        assertEquals(password, body.get("auth").get("pw").asText(), "a value is never expanded again");
        assertEquals("login:" + identifier, body.get("tag").asText());
        assertEquals(3, body.size());
    }

    @Test
    void formValuesAreUrlEncoded() {
        BodyTemplate template = BodyTemplate.parse(BodyTemplate.FORM, "u={{identifier}}&p={{password}}", JSON);
        assertEquals("u=a%26admin%3D1&p=p+w%3D", template.render("a&admin=1", "p w="));
    }

    @Test
    void unusableTemplatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BodyTemplate.parse(BodyTemplate.JSON, "{\"u\": \"{{identifier}}\"}", JSON));
        assertThrows(IllegalArgumentException.class, () -> BodyTemplate.parse(BodyTemplate.JSON, "{\"p\": {{password}}}", JSON));
        assertThrows(IllegalArgumentException.class, () -> BodyTemplate.parse(BodyTemplate.JSON, "{\"p\": \"{{pass}}{{password}}\"}", JSON));
        assertThrows(IllegalArgumentException.class, () -> BodyTemplate.parse("text/xml", "<p>{{password}}</p>", JSON));
        assertThrows(IllegalArgumentException.class, () -> BodyTemplate.parse(BodyTemplate.FORM, "{{password}}", JSON));
    }
}
