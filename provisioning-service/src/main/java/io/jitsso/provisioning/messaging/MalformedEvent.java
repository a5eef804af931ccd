package io.jitsso.provisioning.messaging;

/**
 * A record that is not a valid event of its topic. Retrying cannot help: it goes to the dead-letter
 * topic. The message names what is wrong, never the record's content (it may hold personal data).
 */
public final class MalformedEvent extends RuntimeException {

    public MalformedEvent(String reason) {
        super(reason, null, false, false);
    }
}
