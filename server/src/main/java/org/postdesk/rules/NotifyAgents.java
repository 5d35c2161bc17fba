package org.postdesk.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.Agent;
import org.postdesk.conf.LiveConfig;
import org.postdesk.conf.Mailbox;
import org.postdesk.mail.EmailAddress;
import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParsedAttachment;
import org.postdesk.mime.ParsedMessage;
import org.postdesk.outbound.AutoSubmitted;
import org.postdesk.outbound.Outbox;
import org.postdesk.outbound.OutgoingMail;
import org.postdesk.outbound.RenderMail;
import org.postdesk.outbound.RenderedMail;
import org.postdesk.store.TicketRow;
import org.postdesk.thread.SubjectTag;

/**
 * Tells agents a customer wrote: the ticket's assignee, else every agent of its group. Each agent gets
 * their own copy whose Reply-To is signed for them, so hitting Reply in any client proves it is them.
 * The customer's files ride along, up to a size a mail server takes.
 */
public final class NotifyAgents {

    public static final String TEMPLATE = "agent-notification";

    /** Larger files stay in Postdesk (listed in the text): many relays refuse mail past 25 MB. */
    static final long MAX_ATTACHED_BYTES = 10L * 1024 * 1024;

    private final LiveConfig config;
    private final Supplier<RenderMail> render;
    private final Outbox outbox;
    private final ConversationMail conversation;

    public NotifyAgents(LiveConfig config, Supplier<RenderMail> render, Outbox outbox, ConversationMail conversation) {
        this.config = config;
        this.render = render;
        this.outbox = outbox;
        this.conversation = conversation;
    }

    public int apply(SqlSession session, Mailbox mailbox, TicketRow ticket, NamedAddress from, ParsedMessage message,
            String visible, boolean newTicket) {
        List<Agent> agents = recipients(ticket);
        Map<String, Object> extra = new HashMap<>();
        extra.put("message", TemplateModel.message(from, message.text(), message.attachments()));
        extra.put("visible", visible);
        extra.put("newTicket", newTicket);
        String display = (from.name().isEmpty() ? from.address().value() : from.name()) + " via " + mailbox.name();
        List<String> thread = message.messageId().isEmpty() ? List.of() : List.of(message.messageId());
        send(session, TEMPLATE, mailbox, ticket, agents, extra, display, message.messageId(), thread,
                fitting(message.attachments()));
        return agents.size();
    }

    /**
     * Mails {@code template} to each of {@code agents} on a rule's behalf (an SLA warning to the lead,
     * say), from the mailbox, with a Reply-To signed for each agent.
     */
    public void send(SqlSession session, String template, Mailbox mailbox, TicketRow ticket, List<Agent> agents,
            Map<String, Object> extra) {
        send(session, template, mailbox, ticket, agents, extra, mailbox.name(), "", List.of(), List.of());
    }

    private void send(SqlSession session, String template, Mailbox mailbox, TicketRow ticket, List<Agent> agents,
            Map<String, Object> extra, String display, String inReplyTo, List<String> references,
            List<ParsedAttachment> attached) {
        for (Agent agent : agents) {
            Map<String, Object> model = TemplateModel.of(mailbox, ticket, new NamedAddress(
                    EmailAddress.of(ticket.customerAddress()), ""));
            model.putAll(extra);
            model.put("agent", Map.of("address", agent.address().value(), "name", agent.name()));
            RenderedMail content = render.get().render(template, mailbox.language(), model);
            RenderedMail tagged = new RenderedMail(SubjectTag.tagged(ticket.ref(), content.subject()), content.body());
            outbox.enqueue(session, new OutgoingMail(template, Optional.of(ticket.id()),
                    new NamedAddress(mailbox.address(), display), mailbox.address().value(),
                    List.of(new NamedAddress(agent.address(), agent.name())), List.of(),
                    Optional.of(conversation.replyTo(mailbox, ticket, agent.address())), tagged,
                    inReplyTo, references, attached, AutoSubmitted.AUTO_GENERATED), Optional.empty());
        }
    }

    /** Who hears of a ticket: its assignee, else the agents of its group, else every agent. */
    public List<Agent> recipients(TicketRow ticket) {
        if (ticket.assignee() != null) {
            Optional<Agent> assignee = config.get().agent(EmailAddress.of(ticket.assignee()));
            if (assignee.isPresent()) {
                return List.of(assignee.get());
            }
        }
        return ticket.groupName() == null ? config.get().agents() : config.get().agentsOf(ticket.groupName());
    }

    private static List<ParsedAttachment> fitting(List<ParsedAttachment> attachments) {
        long total = 0;
        List<ParsedAttachment> fit = new java.util.ArrayList<>();
        for (ParsedAttachment a : attachments) {
            if (total + a.size() <= MAX_ATTACHED_BYTES) {
                fit.add(a);
                total += a.size();
            }
        }
        return fit;
    }
}
