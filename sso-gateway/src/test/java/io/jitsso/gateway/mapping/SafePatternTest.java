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
        assertTrue(matches(pattern, "team-web-editors"));
        assertFalse(matches(pattern, "xteam-web-editors"), "full match, not find");
        assertFalse(matches(pattern, "team-web-editors-x"));
        assertTrue(matches(SafePattern.compile("(?i)admins?"), "ADMIN"));
        assertTrue(matches(SafePattern.compile("(?i:staff)-[a-z]+"), "STAFF-web"));
        assertTrue(matches(SafePattern.compile("a{2,3}b"), "aab"));
        assertTrue(matches(SafePattern.compile("(ab)+c"), "ababc"), "a repeated group of plain atoms is fine");
        assertTrue(matches(SafePattern.compile("[(*+)]+"), "(*)"), "metacharacters in a class are literals");
        assertTrue(matches(SafePattern.compile("x\\(y\\)*"), "x(y)"), "escaped parentheses are literals");
        assertTrue(matches(SafePattern.compile("a\\cJb"), "a\nb"), "a control-character escape");
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
    void constructsThatHideAShapeFromTheCheckAreRefused() {
        // each compiles to a catastrophic shape that the scan would otherwise not see
        for (String hidden : new String[] {"(a+)\\Q\\E+$", "\\Qx\\E(a+)+", "(?x)(a+) +$", "(?ix:(a+) +)", "(?x)(a+)#\n+",
                "(\\c)?a+\\c(?)+"}) {
            assertThrows(IllegalArgumentException.class, () -> SafePattern.compile(hidden), hidden);
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
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThrows(SafePattern.TooSlow.class,
                () -> slow.matches(attack, System.nanoTime() + 50_000_000L)));
    }

    private static boolean matches(SafePattern pattern, String value) {
        return pattern.matches(value, System.nanoTime() + 1_000_000_000L);
    }
}
