package org.postdesk.outbound;

import org.postdesk.store.OutboxRow;

/** Where delivered mail goes: the configured relay, or .eml files when there is none. */
public interface MailSink {

    /** Delivers one mail; throws when it did not go, so that delivery retries. */
    void deliver(OutboxRow mail) throws Exception;

    /** For the start-up log line: where outgoing mail goes. */
    String describe();

    /** Lets go of what the sink holds between mails, such as a connection to the relay. */
    default void close() {
    }
}
