package io.jitsso.provisioning.messaging;

import io.jitsso.provisioning.service.ApplyResult;
import java.time.Instant;

/** What became of one consumed record. */
sealed interface RecordOutcome {

    /** Applied (or recognised as a duplicate or stale) in a committed transaction; {@code occurredAt} for the lag. */
    record Applied(ApplyResult result, Instant occurredAt) implements RecordOutcome {
    }

    /** Can never apply (malformed, against the contract, or rejected by the database): a dead letter. */
    record DeadLettered(Throwable reason) implements RecordOutcome {
    }
}
