package org.postdesk.rules;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.postdesk.conf.Mailbox;
import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParsedMessage;
import org.postdesk.store.TicketRow;

/**
 * What a trigger's conditions look at: the events, the ticket as it stands now, and the message that
 * caused the run, if a message did.
 *
 * @param events what happened; a trigger runs when it listens to any of them
 * @param tags the ticket's tags as they stand now
 * @param sender who wrote the message; empty for timer events
 * @param subject the message's subject, else the ticket's
 * @param body the new text of the message (quotes removed); empty for timer events
 * @param automated the message was screened as automatic mail: nothing is mailed to its sender
 * @param sla the SLA metric of an SLA event ({@code first-response} or {@code resolution})
 */
public record Facts(Set<TriggerEvent> events, TicketRow ticket, List<String> tags, Mailbox mailbox,
        Optional<NamedAddress> sender, String subject, String body, Instant now, boolean automated,
        Optional<ParsedMessage> message, Optional<String> sla) {

    public Facts {
        events = Set.copyOf(events);
        tags = List.copyOf(tags);
    }

    /** The same facts about the ticket as an earlier trigger's actions left it. */
    public Facts withTicket(TicketRow now, List<String> nowTags) {
        return new Facts(events, now, nowTags, mailbox, sender, subject, body, this.now, automated, message, sla);
    }
}
