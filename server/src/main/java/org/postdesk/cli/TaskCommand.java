package org.postdesk.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.postdesk.Postdesk;
import org.postdesk.store.TaskMapper;
import org.postdesk.store.TaskRow;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.ticket.LocalTimes;
import org.postdesk.ticket.TaskId;
import org.postdesk.ticket.TaskView;
import org.postdesk.ticket.TicketQueries;

/** {@code postdesk task list|done}: the tasks agents gave each other on tickets ({@code #task}). */
@Command(name = "task", description = "List and complete tasks.")
final class TaskCommand {

    @ParentCommand
    PostdeskCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--as", paramLabel = "AGENT", scope = CommandLine.ScopeType.INHERIT,
            description = "Act as this agent. An agent marked seesOnlyAssigned sees only their own tasks.")
    String as;

    @Command(name = "list", description = "List open tasks, soonest due first.")
    int list(@Option(names = "--mine", description = "Only the --as agent's tasks.") boolean mine,
            @Option(names = "--overdue", description = "Only tasks past their due time.") boolean overdue,
            @Option(names = "--all", description = "Done tasks too.") boolean all,
            @Option(names = "--json", description = "Print JSON.") boolean json) {
        try (Postdesk postdesk = parent.open()) {
            Acting acting = Acting.from(postdesk.config(), as);
            if (mine && acting.me().isEmpty()) {
                throw new PostdeskCommand.UserError("--mine needs --as AGENT");
            }
            Optional<String> owner = mine ? acting.me().map(a -> a.value()) : acting.viewer().onlyAssignee();
            List<TaskView> tasks = new TicketQueries(postdesk.database()).tasks(owner, !all,
                    overdue ? Optional.of(Clock.systemUTC().instant()) : Optional.empty());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(tasks));
                return 0;
            }
            LocalTimes times = new LocalTimes(postdesk.config().timezone());
            out.printf("%-6s %-10s %-22s %-16s %-4s %s%n", "ID", "TICKET", "OWNER", "DUE", "DONE", "WHAT");
            for (TaskView t : tasks) {
                String due = times.format(t.due());
                out.printf("%-6s %-10s %-22s %-16s %-4s %s%n", t.id(), t.ticket(), fit(t.owner(), 22),
                        due.substring(0, 16), t.done() == null ? "" : "yes", fit(t.description(), 16));
            }
            if (tasks.isEmpty()) {
                out.println("(no tasks)");
            }
            return 0;
        }
    }

    @Command(name = "done", description = "Mark a task done. Its owner may, even when they see only assigned"
            + " tickets.")
    int done(@Parameters(paramLabel = "TASK", description = "A task id, e.g. T-3") String ref) {
        TaskId id;
        try {
            id = TaskId.parse(ref);
        } catch (IllegalArgumentException e) {
            throw new PostdeskCommand.UserError(e.getMessage());
        }
        try (Postdesk postdesk = parent.open()) {
            Acting acting = Acting.from(postdesk.config(), as);
            TaskRow task = postdesk.database().inTransaction(s -> s.getMapper(TaskMapper.class).find(id.number()));
            if (task == null) {
                throw new PostdeskCommand.UserError("there is no task " + id);
            }
            TicketRow ticket = postdesk.database().inTransaction(s -> s.getMapper(TicketMapper.class)
                    .find(task.ticketId()));
            ChangeTicket.run(postdesk, acting, ticket.ref(), List.of("#done " + id),
                    acting.me().map(me -> me.value().equals(task.owner())).orElse(false));
            spec.commandLine().getOut().println(id + " done (" + ticket.ref() + ")");
            return 0;
        }
    }

    /** Cuts {@code text} to {@code width} so the table keeps to 80 columns. */
    private static String fit(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
