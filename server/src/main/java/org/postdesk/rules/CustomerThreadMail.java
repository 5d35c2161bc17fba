package org.postdesk.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.Mailbox;
import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParsedAttachment;
import org.postdesk.outbound.AutoSubmitted;
import org.postdesk.outbound.Outbox;
import org.postdesk.outbound.OutgoingMail;
import org.postdesk.outbound.RenderMail;
import org.postdesk.outbound.RenderedMail;
import org.postdesk.store.TicketRow;
import org.postdesk.thread.SubjectTag;
import org.postdesk.ticket.MessageKind;

/**
 * Queues a templated mail into a ticket's conversation with its customer, the shape the
 * acknowledgement, a relayed agent reply and the survey share: rendered in the ticket's language, the
 * ticket tag in the subject, sent from the ticket's mailbox, and In-Reply-To/References from the
 * Message-IDs the customer's client already holds, so that it lands in the customer's thread.
 */
public final class CustomerThreadMail {

    /**
     * What differs from one such mail to another.
     *
     * @param fromName the display name beside the mailbox's address
     * @param answering the Message-ID the mail answers; empty for the thread's newest
     */
    public record Addressing(String fromName, List<NamedAddress> to, List<NamedAddress> cc, NamedAddress replyTo,
            String answering, List<ParsedAttachment> attachments, AutoSubmitted autoSubmitted) {
    }

    private final Supplier<RenderMail> render;
    private final Outbox outbox;
    private final ConversationMail conversation;

    public CustomerThreadMail(Supplier<RenderMail> render, Outbox outbox, ConversationMail conversation) {
        this.render = render;
        this.outbox = outbox;
        this.conversation = conversation;
    }

    /**
     * Queues the mail in the caller's transaction.
     *
     * @param recordAs the kind of ticket message it is also recorded as; empty for none
     * @return the outbox row; empty when a limit on automatic mail held the mail back
     */
    public OptionalLong send(SqlSession session, String template, Mailbox mailbox, TicketRow ticket,
            Map<String, Object> model, Addressing addressing, Optional<MessageKind> recordAs) {
        RenderedMail content = render.get().render(template, ticket.language(), model);
        RenderedMail tagged = new RenderedMail(SubjectTag.tagged(ticket.ref(), content.subject()), content.body());
        List<String> thread = conversation.customerThread(session, ticket);
        String inReplyTo = addressing.answering().isEmpty() ? ConversationMail.last(thread) : addressing.answering();
        return outbox.enqueue(session, new OutgoingMail(template, Optional.of(ticket.id()),
                new NamedAddress(mailbox.address(), addressing.fromName()), mailbox.address().value(), addressing.to(),
                addressing.cc(), Optional.of(addressing.replyTo()), tagged, inReplyTo, thread, addressing.attachments(),
                addressing.autoSubmitted()), recordAs);
    }
}
