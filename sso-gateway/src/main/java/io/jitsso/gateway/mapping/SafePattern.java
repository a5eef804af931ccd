package io.jitsso.gateway.mapping;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A role-mapping pattern an admin typed, made safe to run on values an upstream sends. Java's regex
 * engine backtracks, so a pattern like {@code (a+)+$} takes exponential time on a crafted role value
 * (ReDoS). Three defences: patterns are short; the shapes that backtrack catastrophically (a
 * quantified group that itself contains a quantifier or an alternation, and backreferences) are
 * refused when the connection is saved, and so are the constructs that would hide such a shape from
 * that check ({@code \Q…\E} quoting, the comments flag {@code x}); and every match runs against a
 * deadline shared by the whole sign-in's mapping ({@link RoleMapper}), after which it stops with
 * {@link TooSlow}.
 */
public final class SafePattern {

    public static final int MAX_LENGTH = 200;

    private final Pattern pattern;

    private SafePattern(Pattern pattern) {
        this.pattern = pattern;
    }

    /** Compiles an admin's pattern; an {@link IllegalArgumentException} says why it is refused. */
    public static SafePattern compile(String regex) {
        if (regex == null || regex.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        if (regex.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("at most " + MAX_LENGTH + " characters");
        }
        checkShape(regex);
        try {
            return new SafePattern(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a valid regular expression: " + e.getDescription());
        }
    }

    /**
     * Whether the whole value matches; {@link TooSlow} when matching is still running at
     * {@code deadline} ({@link System#nanoTime()}).
     */
    public boolean matches(String value, long deadline) {
        return pattern.matcher(new DeadlineCharSequence(value, deadline)).matches();
    }

    public String pattern() {
        return pattern.pattern();
    }

    /** One open group while scanning: did it contain a quantifier or an alternation? */
    private static final class Group {
        boolean quantified;
        boolean alternation;
    }

    private static void checkShape(String regex) {
        Deque<Group> groups = new ArrayDeque<>();
        groups.push(new Group());
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 < regex.length()) {
                        char escaped = regex.charAt(i + 1);
                        if ((escaped >= '1' && escaped <= '9') || escaped == 'k') {
                            throw new IllegalArgumentException("backreferences are not allowed");
                        }
                        if (escaped == 'c') {
                            // \cX is one control character whatever X is: "\c)" is not a parenthesis
                            i += 3;
                            continue;
                        }
                        if (escaped == 'Q' || escaped == 'E') {
                            // Java drops \Q…\E before compiling: "(a+)\Q\E+" would be checked as ")" then a
                            // literal but compile to (a+)+; escape metacharacters one by one instead
                            throw new IllegalArgumentException("\\Q…\\E quoting is not allowed; escape each character");
                        }
                    }
                    i += 2;
                    continue;
                }
                case '[' -> {
                    i = skipClass(regex, i);
                    continue;
                }
                case '(' -> {
                    checkFlags(regex, i + 1);
                    groups.push(new Group());
                }
                case ')' -> {
                    if (groups.size() == 1) {
                        throw new IllegalArgumentException("unbalanced parenthesis");
                    }
                    Group closed = groups.pop();
                    boolean repeated = i + 1 < regex.length() && isRepetition(regex.charAt(i + 1));
                    if (repeated && (closed.quantified || closed.alternation)) {
                        throw new IllegalArgumentException(
                                "a repeated group must not contain quantifiers or alternatives (catastrophic backtracking)");
                    }
                    groups.peek().quantified |= closed.quantified || repeated;
                    groups.peek().alternation |= closed.alternation;
                }
                case '|' -> groups.peek().alternation = true;
                case '*', '+', '{' -> groups.peek().quantified = true;
                case '?' -> {
                    // '?' right after '(' opens a group construct; after a quantifier it makes it lazy
                    char previous = i > 0 ? regex.charAt(i - 1) : 0;
                    if (previous != '(' && !isRepetition(previous) && previous != '}') {
                        groups.peek().quantified = true;
                    }
                }
                default -> {
                }
            }
            i++;
        }
        if (groups.size() != 1) {
            throw new IllegalArgumentException("unbalanced parenthesis");
        }
    }

    /**
     * Inline flags ({@code (?i)}, {@code (?i:…)}) are fine, except {@code x}: in comments mode Java
     * skips whitespace and {@code #…} comments, so "(a+) +" would be checked as a group followed by a
     * space but compile to (a+)+.
     */
    private static void checkFlags(String regex, int start) {
        if (start >= regex.length() || regex.charAt(start) != '?') {
            return;
        }
        for (int i = start + 1; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == 'x') {
                throw new IllegalArgumentException("the comments flag (?x) is not allowed");
            }
            if (!Character.isLetter(c) && c != '-') {
                return;
            }
        }
    }

    private static boolean isRepetition(char c) {
        return c == '*' || c == '+' || c == '{' || c == '?';
    }

    /** Index after the character class opening at {@code start}. */
    private static int skipClass(String regex, int start) {
        int i = start + 1;
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            i++;
        }
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '[') {
                i = skipClass(regex, i);
            } else if (c == ']') {
                return i + 1;
            } else {
                i++;
            }
        }
        return i;
    }

    /** Matching ran past its deadline. */
    public static final class TooSlow extends RuntimeException {
        TooSlow() {
            super("role-mapping pattern ran past its deadline", null, false, false);
        }
    }

    /** Checks the clock every few hundred reads: the matcher reads characters all the time it backtracks. */
    private static final class DeadlineCharSequence implements CharSequence {
        private final String value;
        private final long deadline;
        private int reads;

        DeadlineCharSequence(String value, long deadline) {
            this.value = value;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0x3ff) == 0 && System.nanoTime() > deadline) {
                throw new TooSlow();
            }
            return value.charAt(index);
        }

        @Override
        public int length() {
            return value.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new DeadlineCharSequence(value.substring(start, end), deadline);
        }

        @Override
        public String toString() {
            return value;
        }
    }
}
