package org.postdesk.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.postdesk.Postdesk;
import org.postdesk.mail.EmailAddress;
import org.postdesk.ticket.CustomerQueries;
import org.postdesk.ticket.CustomerView;
import org.postdesk.ticket.TicketView;

/** {@code postdesk customer show ADDR}: a customer's record and their tickets. */
@Command(name = "customer", description = "Show customers.")
final class CustomerCommand {

    @ParentCommand
    PostdeskCommand parent;

    @Spec
    CommandSpec spec;

    @Command(name = "show", description = "Show a customer: name, organisation and their tickets.")
    int show(@Parameters(paramLabel = "ADDR", description = "The customer's address.") String address,
            @Option(names = "--as", paramLabel = "AGENT",
                    description = "Act as this agent; seesOnlyAssigned limits the tickets shown.") String as,
            @Option(names = "--json", description = "Print JSON.") boolean json) {
        EmailAddress who;
        try {
            who = EmailAddress.of(address);
        } catch (IllegalArgumentException e) {
            throw new PostdeskCommand.UserError(e.getMessage());
        }
        try (Postdesk postdesk = parent.open()) {
            Acting acting = Acting.from(postdesk.config(), as);
            CustomerView c = new CustomerQueries(postdesk.database(), postdesk.config().organisations())
                    .show(who, acting.viewer())
                    .orElseThrow(() -> new PostdeskCommand.UserError("no customer " + who + " has written in"));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(c));
                return 0;
            }
            out.printf("%s%s%n", c.name() == null ? "" : c.name() + " ", "<" + c.address() + ">");
            out.printf("organisation %s, first wrote %s%n", c.organisation() == null ? "-" : c.organisation(),
                    c.created());
            out.println();
            out.printf("%-12s %-8s %-8s %-16s %s%n", "ID", "STATUS", "PRIORITY", "UPDATED", "SUBJECT");
            for (TicketView t : c.tickets()) {
                out.printf("%-12s %-8s %-8s %-16s %s%n", t.id(), t.status(), t.priority(),
                        t.updated().toString().substring(0, 16).replace('T', ' '), t.subject());
            }
            if (c.tickets().isEmpty()) {
                out.println("(no tickets)");
            }
            return 0;
        }
    }
}
