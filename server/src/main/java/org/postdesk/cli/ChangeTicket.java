package org.postdesk.cli;

import java.util.List;
import java.util.stream.Collectors;

import org.postdesk.Postdesk;
import org.postdesk.command.CommandProblem;
import org.postdesk.command.ParsedCommands;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.ticket.TicketId;

/**
 * Runs CLI changes as the same commands an agent writes by mail ({@code #close}, {@code #tag x}), so
 * they are read, checked and applied, all or none, by the same code, and logged with via {@code cli}.
 */
final class ChangeTicket {

    private ChangeTicket() {
    }

    /** Runs {@code commands} (one command a line) on the ticket {@code ref} names; returns it as it now is. */
    static TicketRow run(Postdesk postdesk, Acting acting, String ref, List<String> commands) {
        return run(postdesk, acting, ref, commands, false);
    }

    /**
     * @param ownWork true when the agent acts on their own work on the ticket (a task they own), which
     *     they may do even where conf limits them to their assigned tickets
     */
    static TicketRow run(Postdesk postdesk, Acting acting, String ref, List<String> commands, boolean ownWork) {
        TicketId id = ticketId(ref);
        for (String line : commands) {
            if (line.contains("\n") || line.contains("\r")) {
                throw new PostdeskCommand.UserError("'" + line.replaceAll("[\r\n]+", "\\\\n")
                        + "': a value may not hold a line break");
            }
        }
        Postdesk.Lifecycle lifecycle = postdesk.lifecycle();
        TicketRow after = postdesk.database().inTransaction(s -> {
            TicketRow ticket = s.getMapper(TicketMapper.class).findCurrentByRef(id.toString());
            if (ticket == null) {
                throw new PostdeskCommand.UserError("no ticket " + id);
            }
            if (!ownWork) {
                acting.requireVisible(ticket);
            }
            ParsedCommands parsed = lifecycle.parse().parse(String.join("\n", commands), acting.me());
            List<CommandProblem> problems = lifecycle.run().check(s, ticket, parsed);
            if (!problems.isEmpty()) {
                throw new PostdeskCommand.UserError("nothing changed: " + problems.stream()
                        .map(p -> p.text() + ": " + p.reason()).collect(Collectors.joining("; ")));
            }
            return lifecycle.run().apply(s, ticket, parsed, acting.actor(), "cli");
        });
        // Mail the change caused (a task's owner told) goes out now, as it would from the server.
        postdesk.delivery().deliverDue();
        return after;
    }

    static TicketId ticketId(String ref) {
        try {
            return TicketId.parse(ref);
        } catch (IllegalArgumentException e) {
            throw new PostdeskCommand.UserError(e.getMessage());
        }
    }

    /** One line saying where the ticket stands now. */
    static String summary(TicketRow t, List<String> tags) {
        return t.ref() + ": " + t.status() + ", priority " + t.priority() + ", assignee "
                + (t.assignee() == null ? "nobody" : t.assignee()) + ", group "
                + (t.groupName() == null ? "none" : t.groupName()) + (tags.isEmpty() ? "" : ", tags "
                + String.join(" ", tags));
    }
}
