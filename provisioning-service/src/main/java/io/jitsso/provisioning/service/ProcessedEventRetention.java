package io.jitsso.provisioning.service;

import io.jitsso.provisioning.config.ProvisioningConfig;
import io.jitsso.provisioning.persistence.ProcessedEvents;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Forgets applied event ids once the topics no longer hold their events. */
@ApplicationScoped
public class ProcessedEventRetention {

    private static final Logger LOG = Logger.getLogger(ProcessedEventRetention.class);

    private final ProcessedEvents processed;
    private final ProvisioningConfig config;

    ProcessedEventRetention(ProcessedEvents processed, ProvisioningConfig config) {
        this.processed = processed;
        this.config = config;
    }

    @Scheduled(every = "${jitsso.processed-events.cleanup-interval}", delayed = "PT1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> forgetExpired() {
        return processed.forgetBefore(Instant.now().minus(config.processedEvents().retention()))
                .invoke(count -> LOG.debugf("forgot %d processed event ids", count))
                .onFailure().invoke(e -> LOG.warnf("cannot forget processed event ids yet: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
