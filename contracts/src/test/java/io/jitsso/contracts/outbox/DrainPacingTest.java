package io.jitsso.contracts.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DrainPacingTest {

    private static final long LINGER = TimeUnit.MILLISECONDS.toNanos(50);

    private long now = 1_000_000_000L;
    /** What the pacing asked for, in order: "now" or "after <ms>". */
    private final List<String> asked = new ArrayList<>();

    private DrainPacing pacing(long linger) {
        return new DrainPacing(linger, () -> now, new DrainPacing.Drains() {
            @Override
            public void now() {
                asked.add("now");
            }

            @Override
            public void after(long millis) {
                asked.add("after " + millis);
            }
        });
    }

    private void advanceMs(long ms) {
        now += TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Test
    void anIdleRelayDrainsAtOnce() {
        DrainPacing pacing = pacing(LINGER);
        pacing.nudge();
        assertEquals(List.of("now"), asked);
    }

    @Test
    void nudgesWithinTheLingerShareOneDrainAtTheWindowsEnd() {
        DrainPacing pacing = pacing(LINGER);
        pacing.nudge();
        pacing.started();
        advanceMs(20);
        pacing.nudge();
        advanceMs(10);
        pacing.nudge();
        pacing.nudge();
        assertEquals(List.of("now", "after 30"), asked, "one drain, 50 ms after the last start");

        advanceMs(20);
        pacing.due();
        pacing.started();
        advanceMs(5);
        pacing.nudge();
        assertEquals(List.of("now", "after 30", "after 45"), asked, "the next window counts from the next start");
    }

    @Test
    void aNudgeLongerThanTheLingerAfterTheLastStartDrainsAtOnce() {
        DrainPacing pacing = pacing(LINGER);
        pacing.nudge();
        pacing.started();
        advanceMs(50);
        pacing.nudge();
        advanceMs(51);
        pacing.started();
        advanceMs(51);
        pacing.nudge();
        assertEquals(List.of("now", "now", "now"), asked);
    }

    @Test
    void aDrainStartedByTheScheduleOpensAWindowToo() {
        DrainPacing pacing = pacing(LINGER);
        pacing.started();
        advanceMs(1);
        pacing.nudge();
        assertEquals(List.of("after 49"), asked);
    }

    @Test
    void theWaitIsWholeMillisecondsAndNeverUnderOne() {
        DrainPacing pacing = pacing(LINGER);
        pacing.started();
        now += TimeUnit.MILLISECONDS.toNanos(49) + 700_000; // 0.3 ms before the window's end
        pacing.nudge();
        pacing.due();
        pacing.started();
        now += 500_000; // 49.5 ms before it
        pacing.nudge();
        assertEquals(List.of("after 1", "after 50"), asked, "a Vert.x timer refuses a delay under 1 ms");
    }

    @Test
    void noLingerDrainsAtEveryNudge() {
        DrainPacing pacing = pacing(0);
        pacing.nudge();
        pacing.started();
        pacing.nudge();
        pacing.started();
        pacing.nudge();
        assertEquals(List.of("now", "now", "now"), asked);
    }

    @Test
    void aNegativeLingerIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> pacing(-1));
    }
}
