package io.jitsso.contracts.outbox;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * When a relay's nudge drains (ADR-24): at once when no drain started within the last
 * {@code linger}, otherwise at {@code linger} after the last start, one drain for every nudge of
 * that window. An idle service's event leaves at once; under load the relay runs at most once per
 * {@code linger} and each run carries every event of its window.
 */
final class DrainPacing {

    /** Runs a drain now, or schedules one after a delay. */
    interface Drains {
        void now();

        /**
         * Drains after {@code millis} (at least 1) and calls {@link #due()} however the wait ends, a
         * refused or failed timer included: a window that never closes would leave every later nudge
         * waiting for a drain that never comes.
         */
        void after(long millis);
    }

    private final long lingerNanos;
    private final LongSupplier clock;
    private final Drains drains;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile long lastStart;

    DrainPacing(long lingerNanos, LongSupplier clock, Drains drains) {
        if (lingerNanos < 0) {
            throw new IllegalArgumentException("the outbox linger must not be negative: " + lingerNanos + " ns");
        }
        this.lingerNanos = lingerNanos;
        this.clock = clock;
        this.drains = drains;
        this.lastStart = clock.getAsLong() - lingerNanos;
    }

    /** Events were committed: drain now, or at the window's end unless a drain is already waiting for it. */
    void nudge() {
        if (!scheduled.compareAndSet(false, true)) {
            return;
        }
        long wait = lastStart + lingerNanos - clock.getAsLong();
        if (wait <= 0) {
            scheduled.set(false);
            drains.now();
        } else {
            // whole milliseconds, at least one: Quarkus runs Mutiny's delays on Vert.x timers, which refuse
            // a delay under 1 ms (ADR-24)
            drains.after(Math.max(1, (wait + 999_999) / 1_000_000));
        }
    }

    /** The waiting drain is due: later nudges schedule again. Called before that drain starts. */
    void due() {
        scheduled.set(false);
    }

    /** A drain started (whoever started it: a nudge, the schedule, a drain running again). */
    void started() {
        lastStart = clock.getAsLong();
    }
}
