package io.jitsso.session.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Deletes sessions that ended or expired longer ago than the retention period. */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    private final SessionService sessions;

    Housekeeping(SessionService sessions) {
        this.sessions = sessions;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return sessions.purgeExpired()
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("purged %d ended sessions", count);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("session purge failed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
