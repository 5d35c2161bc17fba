package org.postdesk.rules;

import java.util.Arrays;
import java.util.Locale;

/** What happened to a ticket that triggers can act on; written in conf as {@code ticket-created} etc. */
public enum TriggerEvent {
    /** A customer's mail opened a ticket. */
    TICKET_CREATED,
    /** A customer (or participant) wrote into an existing ticket. */
    CUSTOMER_REPLIED,
    /** An agent's reply, with proof, was recorded and relayed. */
    AGENT_REPLIED,
    /** A message moved the ticket to another status (a customer reopening it, an agent's reply). */
    STATUS_CHANGED,
    /** An SLA target is near: the warning time before it passed. */
    SLA_WARNING,
    /** An SLA target passed unmet. */
    SLA_BREACH,
    /** Checked for every ticket that is not closed, about once a minute: for rules on idle time. */
    TIME_PASSED;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static TriggerEvent parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(e -> e.code().equals(t)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an event; use one of "
                        + Arrays.stream(values()).map(TriggerEvent::code).toList()));
    }

    @Override
    public String toString() {
        return code();
    }
}
