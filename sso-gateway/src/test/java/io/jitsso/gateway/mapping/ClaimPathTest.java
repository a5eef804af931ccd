package io.jitsso.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaimPathTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void topLevelArrayYieldsEveryValue() throws Exception {
        assertEquals(List.of("a", "b"), ClaimPath.parse("roles").values(json("{\"roles\":[\"a\",\"b\"]}")));
    }

    @Test
    void nestedObjectsAreWalked() throws Exception {
        JsonNode claims = json("{\"realm_access\":{\"roles\":[\"admin\",\"user\"]}}");
        assertEquals(List.of("admin", "user"), ClaimPath.parse("realm_access.roles").values(claims));
    }

    @Test
    void arraysOfObjectsAreWalkedElementByElement() throws Exception {
        JsonNode claims = json("{\"groups\":[{\"name\":\"x\"},{\"name\":\"y\"},{\"other\":1},\"loose\"]}");
        assertEquals(List.of("x", "y"), ClaimPath.parse("groups.name").values(claims));
    }

    @Test
    void quotedSegmentsHoldDots() throws Exception {
        JsonNode claims = json("{\"https://example.com/roles\":[\"r1\"]}");
        assertEquals(List.of("r1"), ClaimPath.parse("\"https://example.com/roles\"").values(claims));
    }

    @Test
    void scalarsOfEveryKindAreValuesAndNullsAreNot() throws Exception {
        JsonNode claims = json("{\"v\":[\"s\",3,true,null,{\"o\":1},[\"nested\"]]}");
        assertEquals(List.of("s", "3", "true"), ClaimPath.parse("v").values(claims));
        assertEquals(List.of("x"), ClaimPath.parse("single").values(json("{\"single\":\"x\"}")));
    }

    @Test
    void missingPathsYieldNothing() throws Exception {
        assertEquals(List.of(), ClaimPath.parse("a.b.c").values(json("{\"a\":{\"x\":1}}")));
        assertEquals(List.of(), ClaimPath.parse("a.b").values(json("{\"a\":\"string\"}")));
        assertEquals(Optional.empty(), ClaimPath.parse("a").first(null));
    }

    @Test
    void hugeClaimsAreCapped() throws Exception {
        StringBuilder many = new StringBuilder("{\"r\":[");
        for (int i = 0; i < 1000; i++) {
            many.append(i == 0 ? "" : ",").append('"').append("v").append(i).append('"');
        }
        many.append(",\"").append("x".repeat(5000)).append("\"]}");
        assertEquals(ClaimPath.MAX_VALUES, ClaimPath.parse("r").values(json(many.toString())).size());
    }

    @Test
    void malformedPathsAreRefused() {
        for (String bad : new String[] {"", ".a", "a.", "a..b", "\"unterminated", "a\"b", "a b", "x".repeat(301),
                "1.2.3.4.5.6.7.8.9.10.11", "\"a\"b"}) {
            assertThrows(IllegalArgumentException.class, () -> ClaimPath.parse(bad), bad);
        }
    }
}
