package org.postdesk.thread;

import java.util.List;
import java.util.Optional;

import org.postdesk.store.TicketRow;

/**
 * Which ticket a message belongs to, and why.
 *
 * @param ticket the ticket; empty means a new ticket
 * @param reason why it matched (or why it is new); goes into the ticket's audit log
 * @param followUpOf for a new ticket: the closed ticket the customer answered after the reopen window
 * @param notes what was found and not trusted (a forged tag, a bad token), logged on the resulting ticket
 * @param sender the sender, with the proof a verified signed agent address gave
 */
public record TicketMatch(Optional<TicketRow> ticket, String reason, Optional<TicketRow> followUpOf,
        List<String> notes, Sender sender) {

    public TicketMatch {
        notes = List.copyOf(notes);
    }

    public boolean isNew() {
        return ticket.isEmpty();
    }
}
