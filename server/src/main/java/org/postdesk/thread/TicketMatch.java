package org.postdesk.thread;

import java.util.Optional;

import org.postdesk.store.TicketRow;

/**
 * Which ticket a message belongs to, and why: {@code ticket} empty means a new ticket.
 * The reason goes into the ticket's audit log, so an admin can see why mail threaded as it did.
 */
public record TicketMatch(Optional<TicketRow> ticket, String reason) {

    public static TicketMatch existing(TicketRow ticket, String reason) {
        return new TicketMatch(Optional.of(ticket), reason);
    }

    public static TicketMatch newTicket(String reason) {
        return new TicketMatch(Optional.empty(), reason);
    }
}
