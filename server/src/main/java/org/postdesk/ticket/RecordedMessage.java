package org.postdesk.ticket;

import org.postdesk.store.TicketRow;

/** The result of {@link RecordMessage}: the ticket as it now is, and whether this message opened it. */
public record RecordedMessage(TicketRow ticket, long messageId, boolean newTicket) {
}
