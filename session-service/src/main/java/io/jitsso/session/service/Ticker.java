package io.jitsso.session.service;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Monotonic time for rate limiting; a bean so tests can hold time still and count exactly. */
@FunctionalInterface
public interface Ticker {

    long nanoTime();

    /** The system's monotonic clock, unless a test supplies another. */
    @ApplicationScoped
    class SystemTicker {
        @Produces
        @DefaultBean
        @ApplicationScoped
        Ticker system() {
            return System::nanoTime;
        }
    }
}
