package org.postdesk.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.postdesk.Postdesk;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.ticket.LocalTimes;
import org.postdesk.ticket.Priority;
import org.postdesk.ticket.SearchWords;
import org.postdesk.ticket.TaskView;
import org.postdesk.ticket.TicketFilter;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketView;

/**
 * {@code postdesk ticket list|show} and the changes agents and admins make: {@code status}, {@code close},
 * {@code reopen}, {@code assign}, {@code priority}, {@code group}, {@code tag}, {@code untag}, {@code note},
 * {@code snooze}, {@code task}, {@code merge}, {@code update}. Changes run as the commands agents write
 * by mail, with the same checks, and are logged as the {@code --as} agent's (else as {@code admin}).
 */
@Command(name = "ticket", description = "List, show and change tickets.")
final class TicketCommand {

    private static final Set<String> STATUSES = Set.of("new", "open", "pending", "snoozed", "closed");

    @ParentCommand
    PostdeskCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--as", paramLabel = "AGENT", scope = CommandLine.ScopeType.INHERIT,
            description = "Act as this agent: changes are logged as theirs, and an agent marked seesOnlyAssigned"
                    + " sees only their assigned tickets. Without it you act as admin and see every ticket.")
    String as;

    @Command(name = "list", description = "List tickets, those needing attention first: urgent, SLA-breached or"
            + " with an overdue task; high priority; other new and open ones (longest waiting first); pending;"
            + " snoozed; closed (latest first).")
    int list(@Option(names = "--status", paramLabel = "S", description = "Only this status.") String status,
            @Option(names = "--priority", paramLabel = "P", description = "Only this priority.") String priority,
            @Option(names = "--assignee", paramLabel = "AGENT",
                    description = "Only tickets assigned to this agent; 'me' with --as; 'nobody' for unassigned.")
            String assignee,
            @Option(names = "--group", paramLabel = "G", description = "Only this group's tickets.") String group,
            @Option(names = "--tag", paramLabel = "T", description = "Only tickets with this tag.") String tag,
            @Option(names = "--customer", paramLabel = "ADDR", description = "Only this customer's tickets.")
            String customer,
            @Option(names = "--text", paramLabel = "WORDS", description = "Only tickets in which every word occurs,"
                    + " in a message's subject or body (any case; accents optional).") String text,
            @Option(names = "--created-from", paramLabel = "WHEN", description = "Created at or after: a date"
                    + " (2026-11-01) or a date and time (2026-11-01 09:00), in conf's time zone.") String createdFrom,
            @Option(names = "--created-to", paramLabel = "WHEN", description = "Created before this time, or by the"
                    + " end of this date.") String createdTo,
            @Option(names = "--updated-from", paramLabel = "WHEN", description = "Updated at or after.")
            String updatedFrom,
            @Option(names = "--updated-to", paramLabel = "WHEN", description = "Updated before this time, or by the"
                    + " end of this date.") String updatedTo,
            @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                    description = "Show at most N tickets (default ${DEFAULT-VALUE}); 0 for all.") int limit,
            @Option(names = "--wide", description = "Do not cut columns to fit 80 columns.") boolean wide,
            @Option(names = "--json", description = "Print JSON.") boolean json) {
        if (status != null && !STATUSES.contains(status.toLowerCase(Locale.ROOT))) {
            throw new PostdeskCommand.UserError("--status " + status + " is not a status; use one of " + STATUSES);
        }
        if (priority != null) {
            try {
                Priority.parse(priority);
            } catch (IllegalArgumentException e) {
                throw new PostdeskCommand.UserError("--priority: " + e.getMessage());
            }
        }
        if (limit < 0) {
            throw new PostdeskCommand.UserError("--limit " + limit + " is negative; give a count, or 0 for all");
        }
        if (text != null && SearchWords.of(text).isEmpty()) {
            throw new PostdeskCommand.UserError("--text '" + text + "' has no words to search for");
        }
        try (Postdesk postdesk = parent.open()) {
            Acting acting = Acting.from(postdesk.config(), as);
            LocalTimes times = new LocalTimes(postdesk.config().timezone());
            String who = assignee == null ? null : assignee.equalsIgnoreCase("nobody") ? ""
                    : acting.address("--assignee", assignee);
            TicketFilter filter = TicketFilter.where().status(lower(status)).priority(lower(priority)).assignee(who)
                    .group(lower(group)).tag(lower(tag))
                    .customer(customer == null ? null : acting.address("--customer", customer)).text(text)
                    .created(when(times, "--created-from", createdFrom, false),
                            when(times, "--created-to", createdTo, true))
                    .updated(when(times, "--updated-from", updatedFrom, false),
                            when(times, "--updated-to", updatedTo, true))
                    .build();
            // One more than shown tells whether the limit cut the list.
            List<TicketView> found = new TicketQueries(postdesk.database()).list(filter, acting.viewer(),
                    limit == 0 ? 0 : limit + 1);
            List<TicketView> tickets = limit == 0 || found.size() <= limit ? found : found.subList(0, limit);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(tickets));
                return 0;
            }
            new TicketTable(times.zone(), Instant.now(), wide).print(out, tickets);
            if (tickets.isEmpty()) {
                out.println("(no tickets" + (status == null ? "" : " with status " + status) + ")");
            } else if (tickets.size() < found.size()) {
                out.println("(the first " + limit + " shown; narrow the filters or raise --limit)");
            }
            return 0;
        }
    }

    /**
     * A time of {@code --created-to} and the like: a date alone is its start for a lower bound and the start
     * of the next day for an upper one, so {@code --created-to 2026-11-30} includes all of that day.
     */
    private static Instant when(LocalTimes times, String option, String value, boolean upper) {
        if (value == null) {
            return null;
        }
        String[] parts = value.strip().split("[ T]+", 2);
        try {
            if (parts.length == 2) {
                return times.parse(parts[0], parts[1]);
            }
            Instant start = times.parse(parts[0], null);
            return upper ? times.parse(LocalDate.parse(parts[0]).plusDays(1).toString(), null) : start;
        } catch (IllegalArgumentException e) {
            throw new PostdeskCommand.UserError(option + ": " + e.getMessage());
        }
    }

    @Command(name = "show", description = "Show a ticket with its messages, tasks and history. The id of a merged"
            + " ticket shows the ticket it was merged into.")
    int show(@Parameters(paramLabel = "ID", description = "A ticket id, e.g. SUP-12") String ref,
            @Option(names = "--json", description = "Print JSON.") boolean json) {
        TicketId id = ChangeTicket.ticketId(ref);
        try (Postdesk postdesk = parent.open()) {
            Acting acting = Acting.from(postdesk.config(), as);
            TicketQueries queries = new TicketQueries(postdesk.database());
            acting.requireVisible(queries.find(id).orElseThrow(() -> new PostdeskCommand.UserError("no ticket " + id)));
            TicketView t = queries.show(id).orElseThrow();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(t));
                return 0;
            }
            LocalTimes times = new LocalTimes(postdesk.config().timezone());
            if (!t.id().equals(id.toString())) {
                out.printf("(%s was merged into %s)%n", id, t.id());
            }
            out.printf("%s  %s%n", t.id(), t.subject());
            out.printf("status %s%s, priority %s, customer %s, group %s, assignee %s%n", t.status(),
                    t.snoozedUntil() == null ? "" : " until " + times.format(t.snoozedUntil()), t.priority(),
                    t.customer(), Optional.ofNullable(t.group()).orElse("-"),
                    Optional.ofNullable(t.assignee()).orElse("-"));
            out.printf("created %s, updated %s%s%n", t.created(), t.updated(),
                    t.tags().isEmpty() ? "" : ", tags " + String.join(" ", t.tags()));
            if (t.mergedFrom() != null) {
                out.printf("merged into this ticket: %s%n", String.join(" ", t.mergedFrom()));
            }
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
            if (!t.tasks().isEmpty()) {
                out.println();
                out.println("--- tasks");
                for (TaskView task : t.tasks()) {
                    out.printf("%s %s for %s, due %s: %s%n", task.id(), task.status(), task.owner(),
                            times.format(task.due()), task.description());
                }
            }
            out.println();
            out.println("--- history");
            for (TicketView.EventView e : t.events()) {
                out.printf("%s %s%s by %s via %s%s%n", e.at(), e.ticket() == null ? "" : e.ticket() + " ", e.type(),
                        e.actor(), e.via(), e.detail() == null ? "" : ": " + e.detail());
            }
            return 0;
        }
    }

    @Command(name = "status", description = "Set the status: open, pending or closed (to snooze, use snooze).")
    int status(@Parameters(index = "0", paramLabel = "ID") String ref,
            @Parameters(index = "1", paramLabel = "STATUS") String status) {
        return change(ref, "#status " + status);
    }

    @Command(name = "close", description = "Close a ticket.")
    int close(@Parameters(paramLabel = "ID") String ref) {
        return change(ref, "#close");
    }

    @Command(name = "reopen", description = "Reopen a ticket.")
    int reopen(@Parameters(paramLabel = "ID") String ref) {
        return change(ref, "#reopen");
    }

    @Command(name = "assign", description = "Assign to an agent (an address, 'me' with --as), or 'nobody'.")
    int assign(@Parameters(index = "0", paramLabel = "ID") String ref,
            @Parameters(index = "1", paramLabel = "AGENT") String agent) {
        return change(ref, "#assign " + agent);
    }

    @Command(name = "priority", description = "Set the priority: low, normal, high or urgent.")
    int priority(@Parameters(index = "0", paramLabel = "ID") String ref,
            @Parameters(index = "1", paramLabel = "PRIORITY") String priority) {
        return change(ref, "#priority " + priority);
    }

    @Command(name = "group", description = "Move to a group of conf/agents.yml.")
    int group(@Parameters(index = "0", paramLabel = "ID") String ref,
            @Parameters(index = "1", paramLabel = "GROUP") String group) {
        return change(ref, "#group " + group);
    }

    @Command(name = "tag", description = "Add tags.")
    int tag(@Parameters(index = "0", paramLabel = "ID") String ref,
            @Parameters(index = "1..*", paramLabel = "TAG") List<String> tags) {
        return change(ref, "#tag " + String.join(" ", tags));
    }

    @Command(name = "untag", description = "Remove tags.")
    int untag(@Parameters(index = "0", paramLabel = "ID") String ref,
            @Parameters(index = "1..*", paramLabel = "TAG") List<String> tags) {
        return change(ref, "#untag " + String.join(" ", tags));
    }

    @Command(name = "snooze", description = "Snooze until a time: a span (30m, 4h, 2d, 1w) or a date with an"
            + " optional time (2026-12-01 09:00) in conf's time zone. The customer writing wakes it at once.")
    int snooze(@Parameters(index = "0", paramLabel = "ID") String ref,
            @Parameters(index = "1..2", paramLabel = "WHEN") List<String> when) {
        return change(ref, "#snooze " + String.join(" ", when));
    }

    @Command(name = "task", description = "Add a task: OWNER (an agent, or 'me' with --as), due DATE [TIME], and"
            + " what to do. The owner is told now and when it falls due.")
    int task(@Parameters(index = "0", paramLabel = "ID") String ref,
            @Parameters(index = "1..*", paramLabel = "OWNER DATE [TIME] WHAT") List<String> words) {
        return change(ref, "#task " + String.join(" ", words));
    }

    @Command(name = "merge", description = "Merge a duplicate into another ticket: its messages, tasks, tags and"
            + " people move there, and its id keeps leading there.")
    int merge(@Parameters(paramLabel = "DUPLICATE") String duplicate,
            @Option(names = "--into", required = true, paramLabel = "ID", description = "The ticket that stays.")
            String into) {
        ChangeTicket.ticketId(duplicate);
        return change(into, "#merge " + duplicate);
    }

    @Command(name = "note", description = "Add an internal note; the ticket's other agents are told.")
    int note(@Parameters(index = "0", paramLabel = "ID") String ref,
            @Option(names = "--text", paramLabel = "TEXT", description = "The note (or give it as words).") String text,
            @Parameters(index = "1..*", paramLabel = "WORDS") List<String> words) {
        String note = text != null ? text : words == null ? "" : String.join(" ", words);
        if (note.isBlank()) {
            throw new PostdeskCommand.UserError("the note is empty; give it with --text or as words");
        }
        TicketId id = ChangeTicket.ticketId(ref);
        try (Postdesk postdesk = parent.open()) {
            Acting acting = Acting.from(postdesk.config(), as);
            Postdesk.Lifecycle lifecycle = postdesk.lifecycle();
            TicketRow after = postdesk.database().inTransaction(s -> {
                TicketRow ticket = s.getMapper(TicketMapper.class).findCurrentByRef(id.toString());
                if (ticket == null) {
                    throw new PostdeskCommand.UserError("no ticket " + id);
                }
                acting.requireVisible(ticket);
                lifecycle.changes().addNote(s, ticket, note, acting.actor());
                lifecycle.notifyNote().apply(s, ticket, acting.actor().who(), note, List.of());
                return ticket;
            });
            postdesk.delivery().deliverDue();
            spec.commandLine().getOut().println(after.ref() + ": note added");
            return 0;
        }
    }

    @Command(name = "update", description = "Make several changes at once, all or none.")
    int update(@Parameters(paramLabel = "ID") String ref,
            @Option(names = "--status", paramLabel = "S") String status,
            @Option(names = "--assign", paramLabel = "AGENT") String assign,
            @Option(names = "--priority", paramLabel = "P") String priority,
            @Option(names = "--group", paramLabel = "G") String group,
            @Option(names = "--tag", paramLabel = "T") List<String> tags,
            @Option(names = "--untag", paramLabel = "T") List<String> untags) {
        List<String> commands = new ArrayList<>();
        if (status != null) {
            commands.add("#status " + status);
        }
        if (assign != null) {
            commands.add("#assign " + assign);
        }
        if (priority != null) {
            commands.add("#priority " + priority);
        }
        if (group != null) {
            commands.add("#group " + group);
        }
        if (tags != null) {
            commands.add("#tag " + String.join(" ", tags));
        }
        if (untags != null) {
            commands.add("#untag " + String.join(" ", untags));
        }
        if (commands.isEmpty()) {
            throw new PostdeskCommand.UserError("nothing to update; give --status, --assign, --priority, --group,"
                    + " --tag or --untag");
        }
        return change(ref, commands.toArray(String[]::new));
    }

    private int change(String ref, String... commands) {
        try (Postdesk postdesk = parent.open()) {
            Acting acting = Acting.from(postdesk.config(), as);
            TicketRow after = ChangeTicket.run(postdesk, acting, ref, List.of(commands));
            List<String> tags = postdesk.database().inTransaction(s -> s.getMapper(TicketMapper.class)
                    .tags(after.id()));
            spec.commandLine().getOut().println(ChangeTicket.summary(after, tags));
            return 0;
        }
    }

    private static String lower(String value) {
        return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
    }
}
