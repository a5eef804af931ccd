package io.jitsso.provisioning.messaging;

import io.jitsso.provisioning.config.ProvisioningConfig;
import io.jitsso.provisioning.service.Failures;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Tries again, with backoff and without end, what failed for a reason that passes (database away,
 * deadlock, serialization failure, broker away): the partition waits rather than lose or skip a record.
 */
@ApplicationScoped
public class TransientRetry {

    private static final Logger LOG = Logger.getLogger(TransientRetry.class);

    private final ProvisioningConfig.Consumer config;

    TransientRetry(ProvisioningConfig config) {
        this.config = config.consumer();
    }

    /**
     * Applies until it succeeds or fails for a reason retrying cannot cure, which is passed on.
     * {@code what} names the records concerned (topic-partition@offset), never their content.
     */
    public <T> Uni<T> untilApplied(String what, Supplier<Uni<T>> attempt) {
        return retried("cannot apply " + what, attempt, Failures::isTransient);
    }

    /** Publishes until the broker has it: every failure of publishing passes once the broker is back. */
    public <T> Uni<T> untilPublished(String what, Supplier<Uni<T>> attempt) {
        return retried("cannot publish " + what, attempt, failure -> true);
    }

    private <T> Uni<T> retried(String problem, Supplier<Uni<T>> attempt, Predicate<Throwable> passes) {
        return Uni.createFrom().<T>deferred(attempt::get)
                .onFailure(passes).invoke(failure -> LOG.warnf("%s, will retry: %s", problem, failure.getMessage()))
                .onFailure(passes).retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff()).indefinitely();
    }
}
