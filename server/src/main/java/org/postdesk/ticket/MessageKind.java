package org.postdesk.ticket;

import java.util.Locale;

/** Who a message of a ticket comes from. */
public enum MessageKind {
    /** Written by the customer or a participant. */
    CUSTOMER,
    /** An agent's reply, sent to the customer. */
    AGENT,
    /** An internal note, never sent to the customer. */
    NOTE,
    /** Mail Postdesk wrote by itself: acknowledgements and other automatic replies. */
    SYSTEM;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
