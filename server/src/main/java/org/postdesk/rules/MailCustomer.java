package org.postdesk.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.Mailbox;
import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParsedMessage;
import org.postdesk.outbound.AutoSubmitted;
import org.postdesk.store.TicketRow;
import org.postdesk.ticket.MessageKind;

/**
 * Sends a template to a ticket's customer on a rule's behalf, the acknowledgement of a new ticket
 * being the first: the ticket tag in the subject and the customer's signed Reply-To (so the reply
 * threads), In-Reply-To/References to the customer's message (or the thread's newest when no message
 * caused it), and {@code Auto-Submitted: auto-replied} so well-behaved robots do not answer back.
 */
public final class MailCustomer {

    /** The template the shipped conf answers new tickets with. */
    public static final String ACKNOWLEDGEMENT = "acknowledgement";

    private final CustomerThreadMail threadMail;
    private final ConversationMail conversation;

    public MailCustomer(CustomerThreadMail threadMail, ConversationMail conversation) {
        this.threadMail = threadMail;
        this.conversation = conversation;
    }

    /** Queues the mail in the caller's transaction and records it as a system message of the ticket. */
    public OptionalLong send(SqlSession session, String template, Mailbox mailbox, TicketRow ticket, NamedAddress customer,
            Optional<ParsedMessage> message, Map<String, Object> extra) {
        Map<String, Object> model = TemplateModel.of(mailbox, ticket, customer);
        message.ifPresent(m -> model.put("message", TemplateModel.message(customer, m.text(), m.attachments())));
        model.putAll(extra);
        String answering = message.map(ParsedMessage::messageId).orElse("");
        return threadMail.send(session, template, mailbox, ticket, model, new CustomerThreadMail.Addressing(
                mailbox.name(), List.of(customer), List.of(), conversation.replyTo(mailbox, ticket, customer.address()),
                answering, List.of(), AutoSubmitted.AUTO_REPLIED), Optional.of(MessageKind.SYSTEM));
    }
}
