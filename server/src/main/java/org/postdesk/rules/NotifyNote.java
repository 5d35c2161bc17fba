package org.postdesk.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.Agent;
import org.postdesk.conf.LiveConfig;
import org.postdesk.mail.EmailAddress;
import org.postdesk.store.TicketRow;

/**
 * Tells the ticket's other agents that a colleague added an internal note: the agents of the ticket's
 * group (every agent when it has none) and its assignee, but not the note's author.
 */
public final class NotifyNote {

    public static final String TEMPLATE = "note-added";

    private final LiveConfig config;
    private final AgentMail mail;

    public NotifyNote(LiveConfig config, AgentMail mail) {
        this.config = config;
        this.mail = mail;
    }

    /**
     * @param attachments the names of files the note carries, listed in the mail
     * @return how many agents were told
     */
    public int apply(SqlSession session, TicketRow ticket, String author, String text, List<String> attachments) {
        List<Agent> told = recipients(ticket, author);
        // The author may be no address at all: an admin's note from the CLI is by "admin".
        String authorName = config.get().agents().stream().filter(a -> a.address().value().equals(author)).findFirst()
                .map(Agent::name).orElse(author);
        for (Agent agent : told) {
            mail.send(session, ticket, agent, TEMPLATE, Map.of("note", Map.of("author", author, "authorName",
                    authorName, "text", text, "attachments", attachments)), "", false);
        }
        return told.size();
    }

    private List<Agent> recipients(TicketRow ticket, String author) {
        List<Agent> agents = new ArrayList<>(ticket.groupName() == null ? config.get().agents()
                : config.get().agentsOf(ticket.groupName()));
        if (ticket.assignee() != null) {
            config.get().agent(EmailAddress.of(ticket.assignee())).filter(a -> !agents.contains(a))
                    .ifPresent(agents::add);
        }
        return agents.stream().filter(a -> !a.address().value().equals(author)).toList();
    }
}
