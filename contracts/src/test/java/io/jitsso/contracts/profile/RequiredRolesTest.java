package io.jitsso.contracts.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RequiredRolesTest {

    @Test
    void noneRequiredAdmitsEveryone() {
        assertTrue(RequiredRoles.NONE.allows(List.of()));
        assertTrue(new RequiredRoles(List.of(), RequiredRoles.Mode.ALL).allows(List.of("viewer")));
    }

    @Test
    void anyNeedsOneAndAllNeedsEvery() {
        RequiredRoles any = new RequiredRoles(List.of("admin", "editor"), RequiredRoles.Mode.ANY);
        RequiredRoles all = new RequiredRoles(List.of("admin", "editor"), RequiredRoles.Mode.ALL);
        assertTrue(any.allows(List.of("viewer", "editor")));
        assertFalse(any.allows(List.of("viewer")));
        assertFalse(any.allows(List.of()));
        assertFalse(all.allows(List.of("admin")));
        assertTrue(all.allows(List.of("editor", "viewer", "admin")));
        assertEquals("one of the roles admin, editor", any.describe());
        assertEquals("all of the roles admin, editor", all.describe());
        assertEquals("no role", RequiredRoles.describeGranted(List.of()));
        assertEquals("the roles viewer, editor", RequiredRoles.describeGranted(List.of("viewer", "editor")));
    }

    @Test
    void aRoleListedTwiceCountsOnce() {
        assertEquals(List.of("admin", "editor"),
                new RequiredRoles(List.of("admin", "editor", "admin"), RequiredRoles.Mode.ANY).roles());
    }

    @Test
    void badRulesAreRefusedWithoutEchoingControlCharacters() {
        assertThrows(IllegalArgumentException.class, () -> new RequiredRoles(null, RequiredRoles.Mode.ANY));
        assertThrows(IllegalArgumentException.class, () -> new RequiredRoles(List.of("admin"), null));
        assertThrows(IllegalArgumentException.class, () -> new RequiredRoles(Arrays.asList("admin", null), RequiredRoles.Mode.ANY));
        assertThrows(IllegalArgumentException.class, () -> new RequiredRoles(List.of("a".repeat(65)), RequiredRoles.Mode.ANY));
        assertThrows(IllegalArgumentException.class, () -> new RequiredRoles(
                IntStream.range(0, RequiredRoles.MAX_ROLES + 1).mapToObj(i -> "r" + i).toList(), RequiredRoles.Mode.ANY));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new RequiredRoles(List.of("ad\nmin"), RequiredRoles.Mode.ANY));
        assertFalse(bad.getMessage().contains("\n"));
        assertEquals(RequiredRoles.Mode.ANY, RequiredRoles.Mode.fromWire(null));
        assertEquals(RequiredRoles.Mode.ALL, RequiredRoles.Mode.fromWire("all"));
        assertThrows(IllegalArgumentException.class, () -> RequiredRoles.Mode.fromWire("ALL"));
    }
}
