package io.jitsso.migration.source;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SourceHttpTest {

    /** A Vert.x timer refuses delays under 1 ms, so such a deadline would never end a call: refused up front. */
    @Test
    void aDeadlineUnderOneMillisecondIsRefused() {
        for (Duration deadline : new Duration[] {Duration.ZERO, Duration.ofNanos(500_000), Duration.ofSeconds(-1)}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> new SourceHttp(null, null, deadline));
            assertTrue(refused.getMessage().contains("jitsso.sign-in.source-timeout"), refused.getMessage());
        }
    }
}
