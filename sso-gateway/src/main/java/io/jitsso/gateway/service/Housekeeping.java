package io.jitsso.gateway.service;

import io.jitsso.gateway.persistence.PendingAuthorizationStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Deletes sign-in requests nobody completed. */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    private final PendingAuthorizationStore pending;

    Housekeeping(PendingAuthorizationStore pending) {
        this.pending = pending;
    }

    @Scheduled(every = "5m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return pending.purgeExpired(Instant.now())
                .invoke(count -> {
                    if (count > 0) {
                        LOG.debugf("purged %d expired sign-in requests", count);
                    }
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
