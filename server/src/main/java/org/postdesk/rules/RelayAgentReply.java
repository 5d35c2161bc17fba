package org.postdesk.rules;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.LiveConfig;
import org.postdesk.conf.Mailbox;
import org.postdesk.mail.EmailAddress;
import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParsedMessage;
import org.postdesk.outbound.AutoSubmitted;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.thread.Sender;
import org.postdesk.ticket.Events;

/**
 * Sends an agent's reply on to the customer and participants: only the agent's new text (the quoted
 * notification, which may hold internal notes, is never relayed), inside the {@code agent-reply}
 * template, from the support address, tagged and threaded in the customer's client. People the agent
 * already wrote to directly (customer in To, support in Cc) are not sent a second copy.
 */
public final class RelayAgentReply {

    public static final String TEMPLATE = "agent-reply";

    private final LiveConfig config;
    private final CustomerThreadMail threadMail;
    private final ConversationMail conversation;
    private final Clock clock;
    private final InsertCanned canned;

    public RelayAgentReply(LiveConfig config, CustomerThreadMail threadMail, ConversationMail conversation,
            Clock clock, InsertCanned canned) {
        this.config = config;
        this.threadMail = threadMail;
        this.conversation = conversation;
        this.clock = clock;
        this.canned = canned;
    }

    /**
     * Returns the addresses relayed to; empty when everyone already had the agent's mail, or when the mail
     * held no new text at all (only the quoted notification: relaying that could leak internal notes).
     */
    public List<EmailAddress> apply(SqlSession session, Mailbox mailbox, TicketRow ticket, Sender agent,
            ParsedMessage message, Optional<String> newText) {
        if (newText.isEmpty()) {
            Events.log(session, ticket.id(), clock.instant(), agent.address().address().value(), "mail",
                    "reply-not-relayed", "the agent's mail had no text of its own above the quote; nothing sent");
            return List.of();
        }
        String visible = newText.get();
        Set<EmailAddress> alreadyAddressed = new HashSet<>();
        Stream.concat(message.to().stream(), message.cc().stream()).map(NamedAddress::address)
                .forEach(alreadyAddressed::add);
        EmailAddress customer = EmailAddress.of(ticket.customerAddress());
        List<EmailAddress> participants = session.getMapper(TicketMapper.class).participants(ticket.id()).stream()
                .map(EmailAddress::of).toList();
        List<EmailAddress> recipients = Stream.concat(Stream.of(customer), participants.stream())
                .filter(a -> !alreadyAddressed.contains(a) && config.get().agent(a).isEmpty()
                        && config.get().mailbox(a).isEmpty())
                .distinct().toList();
        String actor = agent.address().address().value();
        if (recipients.isEmpty()) {
            Events.log(session, ticket.id(), clock.instant(), actor, "mail", "reply-not-relayed",
                    "the agent wrote to the customer directly; recorded without sending a second copy");
            return List.of();
        }
        String agentName = agent.agent().orElseThrow().name();
        Map<String, Object> model = TemplateModel.of(mailbox, ticket, new NamedAddress(customer, ""));
        model.put("agent", Map.of("address", actor, "name", agentName));
        InsertCanned.Result withCanned = canned.apply(visible, ticket.language(), model);
        if (withCanned instanceof InsertCanned.Refused refused) {
            // The pipeline checked the names with the commands; only a reload in between gets here.
            throw new IllegalStateException("canned response gone since the mail was checked: " + refused.message());
        }
        String text = ((InsertCanned.Inserted) withCanned).text();
        model.put("message", TemplateModel.message(agent.address(), text, message.attachments()));
        List<NamedAddress> to = recipients.contains(customer) ? List.of(new NamedAddress(customer, ""))
                : List.of(new NamedAddress(recipients.get(0), ""));
        List<NamedAddress> cc = recipients.stream().filter(a -> !a.equals(to.get(0).address()))
                .map(a -> new NamedAddress(a, "")).toList();
        threadMail.send(session, TEMPLATE, mailbox, ticket, model, new CustomerThreadMail.Addressing(
                agentName + ", " + mailbox.name(), to, cc, conversation.replyTo(mailbox, ticket, customer), "",
                message.attachments(), AutoSubmitted.NO), Optional.empty());
        Events.log(session, ticket.id(), clock.instant(), actor, "mail", "reply-relayed", "to " + recipients);
        return recipients;
    }
}
