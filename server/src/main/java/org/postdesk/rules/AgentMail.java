package org.postdesk.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.Agent;
import org.postdesk.conf.LiveConfig;
import org.postdesk.conf.Mailbox;
import org.postdesk.mail.EmailAddress;
import org.postdesk.mime.NamedAddress;
import org.postdesk.outbound.AutoSubmitted;
import org.postdesk.outbound.Outbox;
import org.postdesk.outbound.OutgoingMail;
import org.postdesk.outbound.RenderMail;
import org.postdesk.outbound.RenderedMail;
import org.postdesk.store.TicketRow;
import org.postdesk.thread.SubjectTag;

/**
 * Mail from Postdesk to one agent about a ticket (a note by a colleague, a task, a command that could
 * not run): rendered from a template in the mailbox's language, tagged with the ticket id, from the
 * ticket's mailbox, with a Reply-To signed for that agent so that replying proves it is them.
 */
public final class AgentMail {

    private final LiveConfig config;
    private final Supplier<RenderMail> render;
    private final Outbox outbox;
    private final ConversationMail conversation;

    public AgentMail(LiveConfig config, Supplier<RenderMail> render, Outbox outbox, ConversationMail conversation) {
        this.config = config;
        this.render = render;
        this.outbox = outbox;
        this.conversation = conversation;
    }

    /**
     * Queues {@code template} for {@code agent}, in the caller's transaction.
     *
     * @param extra what the template sees beyond {@code ticket}, {@code customer}, {@code mailbox} and {@code agent}
     * @param inReplyTo the Message-ID this answers, or empty
     * @param automatic true for mail that answers the agent's own (an error reply): it carries Auto-Submitted
     */
    public OptionalLong send(SqlSession session, TicketRow ticket, Agent agent, String template, Map<String, Object> extra,
            String inReplyTo, boolean automatic) {
        Mailbox mailbox = mailboxOf(ticket);
        Map<String, Object> model = TemplateModel.of(mailbox, ticket,
                new NamedAddress(EmailAddress.of(ticket.customerAddress()), ""));
        model.put("agent", Map.of("address", agent.address().value(), "name", agent.name()));
        model.putAll(extra);
        RenderedMail content = render.get().render(template, mailbox.language(), model);
        RenderedMail tagged = new RenderedMail(SubjectTag.tagged(ticket.ref(), content.subject()), content.body());
        return outbox.enqueue(session, new OutgoingMail(template, Optional.of(ticket.id()),
                new NamedAddress(mailbox.address(), mailbox.name()), mailbox.address().value(),
                List.of(new NamedAddress(agent.address(), agent.name())), List.of(),
                Optional.of(conversation.replyTo(mailbox, ticket, agent.address())), tagged, inReplyTo,
                inReplyTo.isEmpty() ? List.of() : List.of(inReplyTo), List.of(),
                automatic ? AutoSubmitted.AUTO_REPLIED : AutoSubmitted.AUTO_GENERATED), Optional.empty());
    }

    /** The ticket's mailbox; the first one when conf no longer has it, so mail about old tickets still goes. */
    private Mailbox mailboxOf(TicketRow ticket) {
        return config.get().mailbox(EmailAddress.of(ticket.mailbox())).orElse(config.get().mailboxes().get(0));
    }
}
