package io.jitsso.session;

import io.jitsso.session.service.Ticker;
import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/** The test application's clock for rate limits: the system clock, unless a test holds it still. */
@Mock
@ApplicationScoped
public class HeldTicker implements Ticker {

    private final AtomicLong held = new AtomicLong(Long.MIN_VALUE);

    @Override
    public long nanoTime() {
        long value = held.get();
        return value == Long.MIN_VALUE ? System.nanoTime() : value;
    }

    public void hold() {
        held.set(System.nanoTime());
    }

    public void release() {
        held.set(Long.MIN_VALUE);
    }
}
