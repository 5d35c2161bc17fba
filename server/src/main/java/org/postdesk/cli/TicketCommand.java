package org.postdesk.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.postdesk.Postdesk;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketView;

/** {@code postdesk ticket list|show}. */
@Command(name = "ticket", description = "List and show tickets.")
final class TicketCommand {

    private static final Set<String> STATUSES = Set.of("new", "open", "pending", "snoozed", "closed");

    @ParentCommand
    PostdeskCommand parent;

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List tickets, oldest first.")
    int list(@Option(names = "--status", paramLabel = "S", description = "Only this status: ${COMPLETION-CANDIDATES}")
            String status, @Option(names = "--json", description = "Print JSON.") boolean json) {
        if (status != null && !STATUSES.contains(status.toLowerCase(Locale.ROOT))) {
            throw new PostdeskCommand.UserError("--status " + status + " is not a status; use one of " + STATUSES);
        }
        try (Postdesk postdesk = parent.open()) {
            List<TicketView> tickets = new TicketQueries(postdesk.database())
                    .list(Optional.ofNullable(status).map(s -> s.toLowerCase(Locale.ROOT)));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(tickets));
                return 0;
            }
            out.printf("%-12s %-8s %-8s %-30s %-16s %s%n", "ID", "STATUS", "PRIORITY", "CUSTOMER", "UPDATED",
                    "SUBJECT");
            for (TicketView t : tickets) {
                out.printf("%-12s %-8s %-8s %-30s %-16s %s%n", t.id(), t.status(), t.priority(), t.customer(),
                        t.updated().toString().substring(0, 16).replace('T', ' '), t.subject());
            }
            if (tickets.isEmpty()) {
                out.println("(no tickets" + (status == null ? "" : " with status " + status) + ")");
            }
            return 0;
        }
    }

    @Command(name = "show", description = "Show a ticket with its messages and history.")
    int show(@Parameters(paramLabel = "ID", description = "A ticket id, e.g. SUP-12") String ref,
            @Option(names = "--json", description = "Print JSON.") boolean json) {
        TicketId id;
        try {
            id = TicketId.parse(ref);
        } catch (IllegalArgumentException e) {
            throw new PostdeskCommand.UserError(e.getMessage());
        }
        try (Postdesk postdesk = parent.open()) {
            TicketView t = new TicketQueries(postdesk.database()).show(id)
                    .orElseThrow(() -> new PostdeskCommand.UserError("no ticket " + id));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(t));
                return 0;
            }
            out.printf("%s  %s%n", t.id(), t.subject());
            out.printf("status %s, priority %s, customer %s, group %s, assignee %s%n", t.status(), t.priority(),
                    t.customer(), Optional.ofNullable(t.group()).orElse("-"),
                    Optional.ofNullable(t.assignee()).orElse("-"));
            out.printf("created %s, updated %s%s%n", t.created(), t.updated(),
                    t.tags().isEmpty() ? "" : ", tags " + String.join(" ", t.tags()));
            for (TicketView.MessageView m : t.messages()) {
                out.println();
                out.printf("--- %s message from %s, %s%n", m.kind(), m.from(), m.date());
                out.printf("Subject: %s%n", m.subject());
                if (m.problem() != null) {
                    out.printf("(parse problem: %s)%n", m.problem());
                }
                out.println();
                out.println(m.text() == null ? "" : m.text().stripTrailing());
                for (TicketView.AttachmentView a : m.attachments()) {
                    out.printf("[attachment] %s (%s, %d bytes, sha256 %s)%n",
                            Optional.ofNullable(a.name()).orElse("(unnamed)"), a.contentType(), a.size(), a.sha256());
                }
            }
            out.println();
            out.println("--- history");
            for (TicketView.EventView e : t.events()) {
                out.printf("%s %s by %s via %s%s%n", e.at(), e.type(), e.actor(), e.via(),
                        e.detail() == null ? "" : ": " + e.detail());
            }
            return 0;
        }
    }
}
