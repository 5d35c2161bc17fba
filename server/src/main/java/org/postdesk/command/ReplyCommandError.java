package org.postdesk.command;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.Agent;
import org.postdesk.rules.AgentMail;
import org.postdesk.store.TicketRow;
import org.postdesk.ticket.Events;

/**
 * An agent's mail held a command that cannot run, so nothing of it was done: the agent is told which
 * line failed and why (template {@code command-error}), with their text to correct and send again, and
 * the ticket's log says a mail was refused.
 */
public final class ReplyCommandError {

    public static final String TEMPLATE = "command-error";

    private final AgentMail mail;
    private final Clock clock;

    public ReplyCommandError(AgentMail mail, Clock clock) {
        this.mail = mail;
        this.clock = clock;
    }

    /**
     * @param messageId the agent's mail's Message-ID, answered in In-Reply-To; empty when it had none
     * @param text the agent's new text, commands included, as they wrote it
     */
    public void apply(SqlSession session, TicketRow ticket, Agent agent, String messageId, String text,
            List<CommandProblem> problems) {
        mail.send(session, ticket, agent, TEMPLATE, Map.of("problems", problems.stream().map(p -> Map.of(
                "line", String.valueOf(p.line()), "text", p.text(), "reason", p.reason())).toList(), "text", text),
                messageId, true);
        Events.log(session, ticket.id(), clock.instant(), agent.address().value(), "mail", "commands-refused",
                problems.stream().map(CommandProblem::toString).collect(Collectors.joining("; "))
                        + "; nothing was changed or sent to the customer; the agent was told");
    }
}
