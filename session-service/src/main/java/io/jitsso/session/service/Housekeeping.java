package io.jitsso.session.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Deletes sessions past their retention period, and expired authorization codes. */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    private final SessionService sessions;
    private final io.jitsso.session.persistence.AuthorizationCodeStore codes;

    Housekeeping(SessionService sessions, io.jitsso.session.persistence.AuthorizationCodeStore codes) {
        this.sessions = sessions;
        this.codes = codes;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        // used and expired codes are kept an hour: long enough to recognise a late replay
        return codes.purgeExpiredBefore(java.time.Instant.now().minus(java.time.Duration.ofHours(1)))
                .chain(sessions::purgeExpired)
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
