package org.postdesk.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.Mailbox;
import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParsedMessage;
import org.postdesk.outbound.OutgoingMail;
import org.postdesk.outbound.Outbox;
import org.postdesk.outbound.RenderMail;
import org.postdesk.outbound.RenderedMail;
import org.postdesk.store.TicketRow;
import org.postdesk.thread.SubjectTag;
import org.postdesk.ticket.MessageKind;

/**
 * Answers a new ticket's customer with the {@code acknowledgement} template: the ticket tag in the
 * subject and the customer's signed Reply-To (so the reply threads), In-Reply-To/References to the
 * customer's message, and {@code Auto-Submitted: auto-replied} so well-behaved robots do not answer back.
 */
public final class Acknowledge {

    public static final String TEMPLATE = "acknowledgement";

    private final RenderMail render;
    private final Outbox outbox;
    private final ConversationMail conversation;

    public Acknowledge(RenderMail render, Outbox outbox, ConversationMail conversation) {
        this.render = render;
        this.outbox = outbox;
        this.conversation = conversation;
    }

    public long apply(SqlSession session, Mailbox mailbox, TicketRow ticket, NamedAddress customer,
            ParsedMessage message) {
        Map<String, Object> model = TemplateModel.of(mailbox, ticket, customer);
        model.put("message", TemplateModel.message(customer, message.text(), message.attachments()));
        RenderedMail content = render.render(TEMPLATE, ticket.language(), model);
        RenderedMail tagged = new RenderedMail(SubjectTag.tagged(ticket.ref(), content.subject()), content.body());
        List<String> thread = conversation.customerThread(session, ticket);
        OutgoingMail mail = new OutgoingMail(TEMPLATE, Optional.of(ticket.id()),
                new NamedAddress(mailbox.address(), mailbox.name()), mailbox.address().value(), List.of(customer),
                List.of(), Optional.of(conversation.replyTo(mailbox, ticket, customer.address())), tagged,
                message.messageId(), thread, List.of(), true);
        return outbox.enqueue(session, mail, Optional.of(MessageKind.SYSTEM));
    }
}
