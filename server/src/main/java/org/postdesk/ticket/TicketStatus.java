package org.postdesk.ticket;

import java.util.Arrays;
import java.util.Locale;

/** Where a ticket stands. Stored and shown in lower case. */
public enum TicketStatus {
    /** Nobody has answered yet. */
    NEW,
    /** Waiting for an agent. */
    OPEN,
    /** Waiting for the customer. */
    PENDING,
    /** Out of the queue until a time, or until the customer writes. */
    SNOOZED,
    /** Done; a customer reply within the reopen window reopens it. */
    CLOSED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TicketStatus parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not a status; use one of "
                    + Arrays.stream(values()).map(TicketStatus::code).toList());
        }
    }
}
