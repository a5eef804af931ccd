package io.jitsso.gateway.service;

import io.jitsso.gateway.persistence.PendingAuthorizationStore;
import io.jitsso.gateway.persistence.SamlReplayStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Deletes sign-in requests nobody completed, and replay records of SAML assertions that expired. */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    private final PendingAuthorizationStore pending;
    private final SamlReplayStore replays;

    Housekeeping(PendingAuthorizationStore pending, SamlReplayStore replays) {
        this.pending = pending;
        this.replays = replays;
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
                .chain(() -> purgeReplays(Instant.now()))
                .replaceWithVoid();
    }

    /** Replay records outlive their assertion's validity by the clock skew; then they can go. */
    Uni<Integer> purgeReplays(Instant now) {
        return replays.purgeExpired(now)
                .invoke(count -> {
                    if (count > 0) {
                        LOG.debugf("purged %d expired SAML replay records", count);
                    }
                })
                .onFailure().recoverWithItem(0);
    }
}
