package org.postdesk.rules;

import java.util.List;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.Mailbox;
import org.postdesk.mail.EmailAddress;
import org.postdesk.mime.NamedAddress;
import org.postdesk.store.MessageMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.thread.ReplyAddress;
import org.postdesk.ticket.TicketId;

/** What every mail of a conversation shares: the signed Reply-To and the thread's References. */
public final class ConversationMail {

    /** RFC 5322 §3.6.4 lets References be trimmed; the first and the latest ones are what clients use. */
    private static final int MAX_REFERENCES = 20;

    private final ReplyAddress replyAddress;

    public ConversationMail(ReplyAddress replyAddress) {
        this.replyAddress = replyAddress;
    }

    /** The address {@code person} replies to for this ticket: signed for them, at the ticket's mailbox. */
    public NamedAddress replyTo(Mailbox mailbox, TicketRow ticket, EmailAddress person) {
        return new NamedAddress(replyAddress.sign(mailbox.address(), TicketId.parse(ticket.ref()), person),
                mailbox.name());
    }

    /** The Message-IDs the customer's client knows for this ticket, oldest first, trimmed. */
    public List<String> customerThread(SqlSession session, TicketRow ticket) {
        List<String> ids = session.getMapper(MessageMapper.class).customerThread(ticket.id()).stream()
                .distinct().toList();
        if (ids.size() <= MAX_REFERENCES) {
            return ids;
        }
        return java.util.stream.Stream.concat(ids.stream().limit(1),
                ids.stream().skip(ids.size() - (MAX_REFERENCES - 1))).toList();
    }

    /** The newest id of the thread, for In-Reply-To. */
    public static String last(List<String> thread) {
        return thread.isEmpty() ? "" : thread.get(thread.size() - 1);
    }
}
