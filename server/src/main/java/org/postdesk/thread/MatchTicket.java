package org.postdesk.thread;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.LiveConfig;
import org.postdesk.conf.Mailbox;
import org.postdesk.intake.Envelope;
import org.postdesk.mail.EmailAddress;
import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParsedMessage;
import org.postdesk.store.MessageMapper;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.ticket.TicketId;

/**
 * Finds the ticket a message belongs to, in this order:
 * <ol>
 *   <li>a signed reply address among the recipients whose token was minted for the sender;</li>
 *   <li>the ticket tag in the subject, honoured only when the sender is the ticket's customer, a
 *       participant, or an agent with proof: a guessed number opens a new ticket instead;</li>
 *   <li>In-Reply-To and References against every Message-ID we received or sent;</li>
 *   <li>else a new ticket.</li>
 * </ol>
 * A customer's reply to a ticket closed longer than the reopen window opens a new ticket linked to it.
 * A ticket merged into another is followed there, whichever of the three ways named it.
 */
public final class MatchTicket {

    private final LiveConfig config;
    private final ReplyAddress replyAddress;
    private final Clock clock;

    public MatchTicket(LiveConfig config, ReplyAddress replyAddress, Clock clock) {
        this.config = config;
        this.replyAddress = replyAddress;
        this.clock = clock;
    }

    public TicketMatch apply(SqlSession session, Envelope envelope, ParsedMessage message, Sender sender) {
        TicketMapper tickets = session.getMapper(TicketMapper.class);
        List<String> notes = new ArrayList<>();
        EmailAddress from = sender.address().address();

        for (EmailAddress recipient : ourRecipients(envelope, message)) {
            Optional<ReplyAddress.Signed> signed = ReplyAddress.read(recipient);
            if (signed.isEmpty()) {
                continue;
            }
            TicketRow ticket = tickets.findByRef(signed.get().ticket().toString());
            if (ticket != null && replyAddress.verify(signed.get(), from)) {
                Sender proven = sender.agent().isPresent() ? sender.withProof("signed reply address") : sender;
                return resolve(merged(tickets, ticket, notes), "signed reply address " + recipient, notes, proven);
            }
            notes.add("reply address " + recipient + " is not valid for " + from
                    + (ticket == null ? " (no such ticket)" : " (bad token)") + "; not trusted");
        }

        // The prefixes in force: a mailbox added by a reload has its tickets' tags recognised at once.
        List<TicketId> tagged = new SubjectTag(config.get().mailboxes().stream().map(Mailbox::prefix).toList())
                .find(message.subject());
        for (TicketId id : tagged) {
            TicketRow named = tickets.findByRef(id.toString());
            TicketRow ticket = named == null ? null : merged(tickets, named, notes);
            if (ticket == null) {
                notes.add("subject tag [" + id + "] names no existing ticket");
            } else if (mayUseTag(tickets, ticket, sender)) {
                return resolve(ticket, "subject tag [" + id + "]", notes, sender);
            } else {
                notes.add("subject tag [" + id + "] ignored: " + from + " is not the customer or a participant of "
                        + id + ", nor an agent with proof");
            }
        }

        Set<String> ids = new LinkedHashSet<>(message.inReplyTo());
        List<String> references = new ArrayList<>(message.references());
        java.util.Collections.reverse(references);
        ids.addAll(references);
        MessageMapper messages = session.getMapper(MessageMapper.class);
        for (String id : ids) {
            List<Long> found = messages.ticketsOfMessageId(id);
            if (!found.isEmpty()) {
                return resolve(merged(tickets, tickets.find(found.get(0)), notes), "In-Reply-To/References <" + id
                        + ">", notes, sender);
            }
        }
        return new TicketMatch(Optional.empty(), notes.isEmpty() ? "no signed address, ticket tag or known reference"
                : String.join("; ", notes), Optional.empty(), notes, sender);
    }

    private TicketMatch resolve(TicketRow ticket, String reason, List<String> notes, Sender sender) {
        boolean customerWrites = !sender.isProvenAgent();
        Duration window = Duration.ofDays(config.get().conversations().reopenDays());
        if (customerWrites && "closed".equals(ticket.status()) && ticket.closedAt() != null
                && ticket.closedAt().plus(window).isBefore(clock.instant())) {
            return new TicketMatch(Optional.empty(), reason + " names " + ticket.ref() + ", closed more than "
                    + window.toDays() + " days ago: new ticket, follow-up of " + ticket.ref(), Optional.of(ticket),
                    notes, sender);
        }
        return new TicketMatch(Optional.of(ticket), reason, Optional.empty(), notes, sender);
    }

    /** A merged ticket's id, addresses and Message-IDs lead to the ticket it was merged into. */
    private static TicketRow merged(TicketMapper tickets, TicketRow ticket, List<String> notes) {
        TicketRow current = tickets.current(ticket);
        if (current.id() != ticket.id()) {
            notes.add(ticket.ref() + " was merged into " + current.ref());
        }
        return current;
    }

    private static boolean mayUseTag(TicketMapper tickets, TicketRow ticket, Sender sender) {
        String from = sender.address().address().value();
        return sender.isProvenAgent() || from.equals(ticket.customerAddress())
                || tickets.participants(ticket.id()).contains(from);
    }

    /** Recipients that are one of our mailboxes (with or without a +detail), envelope first. */
    private List<EmailAddress> ourRecipients(Envelope envelope, ParsedMessage message) {
        Set<EmailAddress> all = new LinkedHashSet<>(envelope.recipients());
        message.to().stream().map(NamedAddress::address).forEach(all::add);
        message.cc().stream().map(NamedAddress::address).forEach(all::add);
        return all.stream().filter(a -> config.get().mailbox(a).isPresent()).toList();
    }
}
