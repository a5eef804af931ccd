package io.jitsso.contracts.outbox;

/** One event waiting in a service's {@code outbox} table: where it goes, its key, its JSON. */
public record OutboxRecord(String topic, String key, String payload) {
}
