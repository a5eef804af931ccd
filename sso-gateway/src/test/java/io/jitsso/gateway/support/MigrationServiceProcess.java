package io.jitsso.gateway.support;

import io.jitsso.testing.Processes;
import java.util.function.Function;

/**
 * The packaged migration-service as a process, started with the gateway's test environment (its port and
 * settings are fixed when the gateway starts), stoppable to show what a sign-in does while it is away, and
 * restartable on the same database.
 */
public final class MigrationServiceProcess {

    private static Function<Boolean, Process> starter;
    private static Process process;
    private static boolean started;

    private MigrationServiceProcess() {
    }

    static synchronized void prepare(Function<Boolean, Process> start) {
        starter = start;
    }

    /** Running, on a fresh database the first time. */
    public static synchronized void ensureRunning() {
        if (process == null || !process.isAlive()) {
            process = starter.apply(!started);
            started = true;
        }
    }

    public static synchronized void stop() {
        Processes.stop(process);
        process = null;
    }
}
