package org.postdesk.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.Mailbox;
import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParsedMessage;
import org.postdesk.outbound.HeaderSafety;
import org.postdesk.outbound.OutgoingMail;
import org.postdesk.outbound.Outbox;
import org.postdesk.outbound.RenderMail;
import org.postdesk.outbound.RenderedMail;
import org.postdesk.store.TicketRow;
import org.postdesk.thread.SubjectTag;
import org.postdesk.ticket.MessageKind;

/**
 * Answers a new ticket's customer with the {@code acknowledgement} template: the ticket tag in the
 * subject (so the reply threads), In-Reply-To/References to the customer's message, and
 * {@code Auto-Submitted: auto-replied} so well-behaved robots do not answer back.
 */
public final class Acknowledge {

    public static final String TEMPLATE = "acknowledgement";

    private final RenderMail render;
    private final Outbox outbox;

    public Acknowledge(RenderMail render, Outbox outbox) {
        this.render = render;
        this.outbox = outbox;
    }

    public long apply(SqlSession session, Mailbox mailbox, TicketRow ticket, NamedAddress customer,
            ParsedMessage message) {
        Map<String, Object> model = Map.of(
                "ticket", Map.of("id", ticket.ref(), "subject", HeaderSafety.oneLine(ticket.subject()),
                        "status", ticket.status(), "priority", ticket.priority()),
                "customer", Map.of("address", customer.address().value(), "name", HeaderSafety.oneLine(customer.name())),
                "mailbox", Map.of("address", mailbox.address().value(), "name", mailbox.name()),
                "message", Map.of("text", message.text()));
        RenderedMail content = render.render(TEMPLATE, ticket.language(), model);
        RenderedMail tagged = new RenderedMail(SubjectTag.tagged(ticket.ref(), content.subject()), content.body());
        List<String> references = message.messageId().isEmpty() ? List.of() : concat(message.references(),
                message.messageId());
        OutgoingMail mail = new OutgoingMail(TEMPLATE, Optional.of(ticket.id()),
                new NamedAddress(mailbox.address(), mailbox.name()), mailbox.address().value(), List.of(customer),
                Optional.empty(), tagged, message.messageId(), references, true);
        return outbox.enqueue(session, mail, MessageKind.SYSTEM.code());
    }

    private static List<String> concat(List<String> list, String last) {
        return java.util.stream.Stream.concat(list.stream(), java.util.stream.Stream.of(last)).distinct().toList();
    }
}
