package io.jitsso.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SafePatternTest {

    @Test
    void ordinaryPatternsMatchWholeValues() {
        SafePattern pattern = SafePattern.compile("team-[a-z]+-editors");
        assertTrue(pattern.matches("team-web-editors"));
        assertFalse(pattern.matches("xteam-web-editors"), "full match, not find");
        assertFalse(pattern.matches("team-web-editors-x"));
        assertTrue(SafePattern.compile("(?i)admins?").matches("ADMIN"));
        assertTrue(SafePattern.compile("a{2,3}b").matches("aab"));
        assertTrue(SafePattern.compile("(ab)+c").matches("ababc"), "a repeated group of plain atoms is fine");
        assertTrue(SafePattern.compile("[(*+)]+").matches("(*)"), "metacharacters in a class are literals");
        assertTrue(SafePattern.compile("x\\(y\\)*").matches("x(y)"), "escaped parentheses are literals");
    }

    @Test
    void catastrophicShapesAreRefusedOnSave() {
        for (String evil : new String[] {"(a+)+$", "(a*)*b", "(a|a)*", "(a|aa)+", "((a+))+", "(.*a){20}", "(\\w+\\s?)+$",
                "((ab)*)+", "(x+x+)+y", "((a|b)c)*"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> SafePattern.compile(evil), evil);
            assertTrue(refused.getMessage().contains("catastrophic"), refused.getMessage());
        }
    }

    @Test
    void backreferencesTooLongAndBrokenPatternsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SafePattern.compile("(a)\\1"));
        assertThrows(IllegalArgumentException.class, () -> SafePattern.compile("(?<x>a)\\k<x>"));
        assertThrows(IllegalArgumentException.class, () -> SafePattern.compile("a".repeat(201)));
        assertThrows(IllegalArgumentException.class, () -> SafePattern.compile("[unclosed"));
        assertThrows(IllegalArgumentException.class, () -> SafePattern.compile("(open"));
        assertThrows(IllegalArgumentException.class, () -> SafePattern.compile("close)"));
        assertThrows(IllegalArgumentException.class, () -> SafePattern.compile(""));
    }

    @Test
    void evaluationStopsAtItsDeadlineEvenForAShapeThatSlipsThrough() {
        // polynomial, not exponential, so the shape check lets it pass; the deadline still bounds it
        SafePattern slow = SafePattern.compile("a*a*a*a*a*a*a*a*a*a*b");
        String attack = "a".repeat(1024);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertFalse(slow.matches(attack)));
    }
}
