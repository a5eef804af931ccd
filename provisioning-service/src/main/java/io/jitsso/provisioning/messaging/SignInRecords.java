package io.jitsso.provisioning.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.provisioning.service.ApplyResult;
import io.jitsso.provisioning.service.SignInProvisioning;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Applies a batch of sign-in records: the malformed ones become dead letters at once, the others are
 * applied together in one transaction. When that transaction fails for a reason retrying cannot cure,
 * one of its records is at fault: the records are then applied one per transaction, so the good ones
 * still apply and only the bad one becomes a dead letter.
 */
@ApplicationScoped
public class SignInRecords {

    private static final Logger LOG = Logger.getLogger(SignInRecords.class);

    private final EventParser parser;
    private final SignInProvisioning signIns;
    private final TransientRetry retry;
    private final Settlement settlement;

    SignInRecords(ObjectMapper json, SignInProvisioning signIns, TransientRetry retry, Settlement settlement) {
        this.parser = new EventParser(json);
        this.signIns = signIns;
        this.retry = retry;
        this.settlement = settlement;
    }

    /** A record and its event, or why it has none. */
    private record Parsed(ConsumerRecord<String, String> record, SignInEvent event, MalformedEvent malformed) {
    }

    /** Completes when every record is applied or published as a dead letter; never fails for a record's sake. */
    public Uni<Void> handle(List<ConsumerRecord<String, String>> records, SignInEvent.Outcome outcome) {
        List<Parsed> parsed = records.stream().map(record -> parse(record, outcome)).toList();
        List<Parsed> valid = parsed.stream().filter(p -> p.event() != null).toList();
        return applyTogether(valid)
                .map(applied -> outcomes(parsed, applied))
                .chain(outcomes -> settlement.settle(records, outcomes));
    }

    private Parsed parse(ConsumerRecord<String, String> record, SignInEvent.Outcome outcome) {
        try {
            return new Parsed(record, parser.signIn(record.value(), outcome), null);
        } catch (MalformedEvent malformed) {
            return new Parsed(record, null, malformed);
        }
    }

    /** The outcomes of {@code valid}, in its order. */
    private Uni<List<RecordOutcome>> applyTogether(List<Parsed> valid) {
        if (valid.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return retry.untilApplied(describe(valid), () -> signIns.apply(valid.stream().map(Parsed::event).toList()))
                .map(results -> applied(valid, results))
                .onFailure().recoverWithUni(failure -> {
                    if (valid.size() == 1) {
                        return Uni.createFrom().item(List.of(new RecordOutcome.DeadLettered(failure)));
                    }
                    LOG.warnf("%s cannot apply together (%s); applying them one by one", describe(valid),
                            DeadLetters.reason(failure));
                    return oneByOne(valid);
                });
    }

    private Uni<List<RecordOutcome>> oneByOne(List<Parsed> valid) {
        return Multi.createFrom().iterable(valid)
                .onItem().transformToUniAndConcatenate(p -> retry.untilApplied(Settlement.name(p.record()),
                                () -> signIns.apply(List.of(p.event())))
                        .map(results -> applied(List.of(p), results).get(0))
                        .onFailure().recoverWithItem(RecordOutcome.DeadLettered::new))
                .collect().asList();
    }

    private static List<RecordOutcome> applied(List<Parsed> valid, List<ApplyResult> results) {
        List<RecordOutcome> outcomes = new ArrayList<>(valid.size());
        for (int i = 0; i < valid.size(); i++) {
            outcomes.add(new RecordOutcome.Applied(results.get(i), valid.get(i).event().occurredAt()));
        }
        return outcomes;
    }

    /** Every record's outcome in record order: dead letters for the malformed, the applied outcomes for the rest. */
    private static List<RecordOutcome> outcomes(List<Parsed> parsed, List<RecordOutcome> applied) {
        Iterator<RecordOutcome> next = applied.iterator();
        return parsed.stream().map(p -> p.event() == null ? new RecordOutcome.DeadLettered(p.malformed()) : next.next()).toList();
    }

    private static String describe(List<Parsed> valid) {
        return valid.size() == 1 ? Settlement.name(valid.get(0).record())
                : valid.size() + " records (" + Settlement.name(valid.get(0).record()) + " to "
                        + Settlement.name(valid.get(valid.size() - 1).record()) + ")";
    }
}
