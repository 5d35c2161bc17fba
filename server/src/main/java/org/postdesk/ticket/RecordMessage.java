package org.postdesk.ticket;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.Mailbox;
import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParsedAttachment;
import org.postdesk.mime.ParsedMessage;
import org.postdesk.store.AttachmentRow;
import org.postdesk.store.GeneratedId;
import org.postdesk.store.InboxRow;
import org.postdesk.store.MessageMapper;
import org.postdesk.store.MessageRow;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.thread.TicketMatch;

/**
 * Writes a customer's message into its ticket, opening the ticket when the match says new: customer,
 * ticket, message, attachment references and audit events, all in the caller's transaction.
 */
public final class RecordMessage {

    private final Clock clock;

    public RecordMessage(Clock clock) {
        this.clock = clock;
    }

    public RecordedMessage apply(SqlSession session, InboxRow inbox, Mailbox mailbox, NamedAddress sender,
            ParsedMessage message, TicketMatch match) {
        Instant now = clock.instant();
        TicketMapper tickets = session.getMapper(TicketMapper.class);
        long customerId = Customers.findOrCreate(session, sender, now);
        TicketRow ticket;
        boolean created = match.ticket().isEmpty();
        if (created) {
            TicketId id = TicketNumbers.next(session, mailbox.prefix());
            GeneratedId key = new GeneratedId();
            String subject = message.subject().isBlank() ? "(no subject)" : truncate(message.subject(), 1000);
            tickets.insert(key, id.toString(), id.prefix(), id.number(), mailbox.address().value(), subject,
                    customerId, mailbox.group().isEmpty() ? null : mailbox.group(),
                    mailbox.language().isEmpty() ? null : mailbox.language(), now);
            ticket = tickets.find(key.get());
            Events.log(session, ticket.id(), now, sender.address().value(), "mail", "created", match.reason());
        } else {
            ticket = match.ticket().get();
            tickets.touch(ticket.id(), now);
            Events.log(session, ticket.id(), now, sender.address().value(), "mail", "customer-replied",
                    match.reason());
        }
        long messageId = insertMessage(session, ticket.id(), inbox.id(), sender, message, now);
        if (!message.problems().isEmpty()) {
            Events.log(session, ticket.id(), now, "postdesk", "system", "parse-problem",
                    String.join("; ", message.problems()));
        }
        return new RecordedMessage(tickets.find(ticket.id()), messageId, created);
    }

    private static long insertMessage(SqlSession session, long ticketId, long inboxId, NamedAddress sender,
            ParsedMessage m, Instant now) {
        MessageMapper messages = session.getMapper(MessageMapper.class);
        GeneratedId key = new GeneratedId();
        messages.insert(key, new MessageRow(0, ticketId, inboxId, null, MessageKind.CUSTOMER.code(),
                m.messageId().isEmpty() ? null : truncate(m.messageId(), 500), m.contentHash(),
                sender.address().value(), sender.name().isEmpty() ? null : truncate(sender.name(), 255),
                joined(m.to()), joined(m.cc()), truncate(m.subject(), 1000), m.date().orElse(null), m.text(),
                m.html().orElse(null), m.problems().isEmpty() ? null : truncate(String.join("; ", m.problems()), 4000),
                now));
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
