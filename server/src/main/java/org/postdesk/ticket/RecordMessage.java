package org.postdesk.ticket;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.LiveConfig;
import org.postdesk.conf.Mailbox;
import org.postdesk.mail.EmailAddress;
import org.postdesk.mime.DetectLanguage;
import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParsedAttachment;
import org.postdesk.mime.ParsedMessage;
import org.postdesk.mime.SafeHtml;
import org.postdesk.store.AttachmentRow;
import org.postdesk.store.GeneratedId;
import org.postdesk.store.InboxRow;
import org.postdesk.store.MessageMapper;
import org.postdesk.store.MessageRow;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.thread.Sender;
import org.postdesk.thread.TicketMatch;

/**
 * Writes a message into its ticket, in the caller's transaction: the customer record, the ticket when
 * the match says new, the message with its attachment references, participants, the status the
 * message implies, and audit events for all of it.
 */
public final class RecordMessage {

    private final LiveConfig config;
    private final Clock clock;
    private final TicketChanges changes;

    public RecordMessage(LiveConfig config, Clock clock, TicketChanges changes) {
        this.config = config;
        this.clock = clock;
        this.changes = changes;
    }

    /** A message from a customer, a participant, or an agent without proof (who counts as a customer). */
    public RecordedMessage customerMessage(SqlSession session, InboxRow inbox, Mailbox mailbox, ParsedMessage message,
            String visible, TicketMatch match) {
        Instant now = clock.instant();
        TicketMapper tickets = session.getMapper(TicketMapper.class);
        Sender sender = match.sender();
        String actor = sender.address().address().value();
        TicketRow ticket;
        if (match.isNew()) {
            long customerId = Customers.findOrCreate(session, sender.address(), now);
            TicketId id = TicketNumbers.next(session, mailbox.prefix());
            GeneratedId key = new GeneratedId();
            String subject = message.subject().isBlank() ? "(no subject)" : truncate(message.subject(), 1000);
            String language = mailbox.language().isEmpty() ? DetectLanguage.of(message) : mailbox.language();
            tickets.insert(key, id.toString(), id.prefix(), id.number(), mailbox.address().value(), subject,
                    customerId, mailbox.group().isEmpty() ? null : mailbox.group(), language,
                    match.followUpOf().map(TicketRow::id).orElse(null), now);
            ticket = tickets.find(key.get());
            Events.log(session, ticket.id(), now, actor, "mail", "created", match.reason());
            match.followUpOf().ifPresent(old -> Events.log(session, old.id(), now, actor, "mail", "follow-up",
                    "the customer wrote again after it was closed; continued in " + id));
        } else {
            ticket = match.ticket().get();
            tickets.touch(ticket.id(), now);
            Events.log(session, ticket.id(), now, actor, "mail", "customer-replied", match.reason());
            StatusTransitions.afterCustomerMessage(TicketStatus.parse(ticket.status())).ifPresent(status ->
                    changes.setStatus(session, ticket, status, new Actor(actor, "mail"), "the customer replied"));
        }
        for (String note : match.notes()) {
            Events.log(session, ticket.id(), now, "postdesk", "system", "threading", note);
        }
        if (sender.isUnprovenAgent()) {
            Events.log(session, ticket.id(), now, "postdesk", "system", "agent-unproven", "mail from agent address "
                    + actor + " carried no proof (signed reply address, SMTP AUTH or trusted DKIM/DMARC pass):"
                    + " recorded as a customer message; nothing relayed, no commands run");
        }
        addParticipants(session, ticket, sender, message, now);
        long messageId = insertMessage(session, ticket.id(), inbox.id(), MessageKind.CUSTOMER, sender.address(),
                message, visible, now);
        logProblems(session, ticket.id(), message, now);
        // A new ticket's row is as read after its insert; a reply touched it and may have moved its status.
        return new RecordedMessage(match.isNew() ? ticket : tickets.find(ticket.id()), messageId, match.isNew());
    }

    /**
     * An agent's reply with proof: recorded as the agent's; an open ticket now waits for the customer,
     * unless the agent's commands set the status themselves.
     *
     * @param visible the agent's text as the ticket shows it: without quotes, signature and the commands
     * @param statusByCommand true when a command of the same mail sets the status: the command wins
     */
    public RecordedMessage agentReply(SqlSession session, InboxRow inbox, TicketRow ticket, ParsedMessage message,
            String visible, TicketMatch match, boolean statusByCommand) {
        Instant now = clock.instant();
        TicketMapper tickets = session.getMapper(TicketMapper.class);
        String actor = match.sender().address().address().value();
        tickets.touch(ticket.id(), now);
        Events.log(session, ticket.id(), now, actor, "mail", "agent-replied",
                match.reason() + "; proof: " + match.sender().proof().orElseThrow());
        if (!statusByCommand) {
            StatusTransitions.afterAgentReply(TicketStatus.parse(ticket.status())).ifPresent(status ->
                    changes.setStatus(session, ticket, status, new Actor(actor, "mail"), "an agent replied"));
        }
        long messageId = insertMessage(session, ticket.id(), inbox.id(), MessageKind.AGENT, match.sender().address(),
                message, visible, now);
        logProblems(session, ticket.id(), message, now);
        return new RecordedMessage(tickets.find(ticket.id()), messageId, false);
    }

    /**
     * An agent's mail that began with {@code #note}: the whole mail, attachments included, becomes an
     * internal note. It is not a reply, so the status stays.
     *
     * @param text the note's text: the agent's new text without quotes and commands
     */
    public RecordedMessage agentNote(SqlSession session, InboxRow inbox, TicketRow ticket, ParsedMessage message,
            String text, TicketMatch match) {
        Instant now = clock.instant();
        TicketMapper tickets = session.getMapper(TicketMapper.class);
        String actor = match.sender().address().address().value();
        tickets.touch(ticket.id(), now);
        long messageId = insertMessage(session, ticket.id(), inbox.id(), MessageKind.NOTE, match.sender().address(),
                message, text, now);
        Events.log(session, ticket.id(), now, actor, "mail", "note-added", match.reason() + "; proof: "
                + match.sender().proof().orElseThrow());
        logProblems(session, ticket.id(), message, now);
        return new RecordedMessage(tickets.find(ticket.id()), messageId, false);
    }

    /**
     * A customer's mail kept on a ticket without answering it: no status change, no participants, no
     * event (the caller logs what the mail was). Survey answers, and mail to a survey address that
     * proved nothing, are kept so.
     */
    public long keepCustomerMessage(SqlSession session, InboxRow inbox, TicketRow ticket, NamedAddress from,
            ParsedMessage message, String visible) {
        Instant now = clock.instant();
        long messageId = insertMessage(session, ticket.id(), inbox.id(), MessageKind.CUSTOMER, from, message, visible,
                now);
        logProblems(session, ticket.id(), message, now);
        return messageId;
    }

    /** Colleagues the customer copied become participants: they get agent replies and may write in. */
    private void addParticipants(SqlSession session, TicketRow ticket, Sender sender, ParsedMessage message,
            Instant now) {
        if (sender.agent().isPresent()) {
            return;
        }
        TicketMapper tickets = session.getMapper(TicketMapper.class);
        Stream.concat(message.to().stream(), message.cc().stream())
                .map(NamedAddress::address)
                .filter(a -> !isOurs(a) && !a.equals(sender.address().address())
                        && !a.value().equals(ticket.customerAddress()))
                .distinct()
                .forEach(a -> tickets.addParticipant(ticket.id(), a.value(), now));
    }

    private boolean isOurs(EmailAddress a) {
        return config.get().mailbox(a).isPresent() || config.get().agent(a).isPresent();
    }

    private static void logProblems(SqlSession session, long ticketId, ParsedMessage message, Instant now) {
        if (!message.problems().isEmpty()) {
            Events.log(session, ticketId, now, "postdesk", "system", "parse-problem",
                    String.join("; ", message.problems()));
        }
    }

    private static long insertMessage(SqlSession session, long ticketId, long inboxId, MessageKind kind,
            NamedAddress sender, ParsedMessage m, String visible, Instant now) {
        MessageMapper messages = session.getMapper(MessageMapper.class);
        GeneratedId key = new GeneratedId();
        messages.insert(key, new MessageRow(0, ticketId, inboxId, null, kind.code(),
                m.messageId().isEmpty() ? null : truncate(m.messageId(), 500), m.contentHash(),
                sender.address().value(), sender.name().isEmpty() ? null : truncate(sender.name(), 255),
                joined(m.to()), joined(m.cc()), truncate(m.subject(), 1000), m.date().orElse(null), m.text(),
                m.html().map(SafeHtml::sanitise).orElse(null), visible,
                m.problems().isEmpty() ? null : truncate(String.join("; ", m.problems()), 4000), now));
        for (ParsedAttachment a : m.attachments()) {
            messages.insertAttachment(new AttachmentRow(0, key.get(),
                    a.name() == null ? null : truncate(a.name(), 1000), truncate(a.contentType(), 255), a.size(),
                    a.sha256()));
        }
        return key.get();
    }

    static String joined(List<NamedAddress> addresses) {
        return addresses.isEmpty() ? null
                : truncate(addresses.stream().map(NamedAddress::toString).collect(Collectors.joining(", ")), 4000);
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
