package org.postdesk.command;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.Config;
import org.postdesk.conf.LiveConfig;
import org.postdesk.mail.EmailAddress;
import org.postdesk.rules.NotifyTaskOwner;
import org.postdesk.store.TaskMapper;
import org.postdesk.store.TaskRow;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.ticket.Actor;
import org.postdesk.ticket.Events;
import org.postdesk.ticket.TicketChanges;

/**
 * Runs an agent's commands on a ticket, all or none: {@link #check} finds every problem without
 * changing anything (conf: agents, groups; the database: tasks, tickets to merge; conflicts between
 * the commands), and {@link #apply} then makes every change through {@link TicketChanges} in the
 * caller's one transaction. The same for commands by mail and by the CLI.
 */
public final class RunCommands {

    private final LiveConfig config;
    private final Clock clock;
    private final TicketChanges changes;
    private final NotifyTaskOwner taskMail;

    public RunCommands(LiveConfig config, Clock clock, TicketChanges changes, NotifyTaskOwner taskMail) {
        this.config = config;
        this.clock = clock;
        this.changes = changes;
        this.taskMail = taskMail;
    }

    /** Every reason the commands cannot run on {@code ticket}, in line order; empty when all can. */
    public List<CommandProblem> check(SqlSession s, TicketRow ticket, ParsedCommands parsed) {
        List<CommandProblem> problems = new ArrayList<>(parsed.problems());
        Map<String, WrittenCommand> once = new HashMap<>();
        for (WrittenCommand written : parsed.commands()) {
            String kind = onceKind(written.command());
            if (kind != null && once.containsKey(kind)) {
                WrittenCommand first = once.get(kind);
                problems.add(CommandProblem.of(written, "conflicts with '" + first.text() + "'"
                        + (first.line() > 0 ? " on line " + first.line() : "") + ": one " + kind + " per mail"));
                continue;
            }
            if (kind != null) {
                once.put(kind, written);
            }
            String problem = problem(s, ticket, written.command());
            if (problem != null) {
                problems.add(CommandProblem.of(written, problem));
            }
        }
        problems.sort(Comparator.comparingInt(CommandProblem::line));
        return problems;
    }

    /**
     * Applies commands that passed {@link #check}, in the order written, and logs what was asked.
     *
     * @param how how the commands came, for the audit log: the proof an agent's mail carried, or {@code cli}
     * @return the ticket as it now is
     */
    public TicketRow apply(SqlSession s, TicketRow ticket, ParsedCommands parsed, Actor actor, String how) {
        if (parsed.commands().isEmpty()) {
            return ticket;
        }
        Events.log(s, ticket.id(), clock.instant(), actor.who(), actor.via(), "commands",
                parsed.commands().stream().map(WrittenCommand::text).collect(Collectors.joining("; ")) + " (" + how
                        + ")");
        for (WrittenCommand written : parsed.commands()) {
            Command c = written.command();
            if (c instanceof Command.SetStatus status) {
                changes.setStatus(s, ticket, status.status(), actor, "");
            } else if (c instanceof Command.Snooze snooze) {
                changes.snooze(s, ticket, snooze.until(), actor);
            } else if (c instanceof Command.Assign assign) {
                changes.assign(s, ticket, assign.agent(), actor);
            } else if (c instanceof Command.SetGroup group) {
                changes.setGroup(s, ticket, group.group(), actor);
            } else if (c instanceof Command.SetPriority priority) {
                changes.setPriority(s, ticket, priority.priority(), actor);
            } else if (c instanceof Command.Tag tag) {
                changes.addTags(s, ticket, tag.tags(), actor);
            } else if (c instanceof Command.Untag untag) {
                changes.removeTags(s, ticket, untag.tags(), actor);
            } else if (c instanceof Command.AddTask task) {
                TaskRow row = changes.addTask(s, ticket, task.owner(), task.due(), task.description(), actor);
                taskMail.assigned(s, s.getMapper(TicketMapper.class).find(ticket.id()), row, actor);
            } else if (c instanceof Command.CompleteTask done) {
                changes.completeTask(s, s.getMapper(TaskMapper.class).find(done.task().number()), actor);
            } else if (c instanceof Command.Merge merge) {
                changes.merge(s, s.getMapper(TicketMapper.class).findByRef(merge.duplicate().toString()), ticket,
                        actor);
            }
            // Command.Note changes nothing here: the mail itself was recorded as the note (RecordMessage.agentNote).
        }
        return s.getMapper(TicketMapper.class).find(ticket.id());
    }

    /**
     * Logs that a mail from an agent's address without proof held commands, none of which ran: a From
     * header proves nothing, and a forged one must not steer tickets.
     */
    public void notRun(SqlSession s, TicketRow ticket, String from, ParsedCommands parsed) {
        List<String> lines = new ArrayList<>();
        parsed.commands().forEach(c -> lines.add(c.text()));
        parsed.problems().forEach(p -> lines.add(p.text()));
        if (!lines.isEmpty()) {
            Events.log(s, ticket.id(), clock.instant(), "postdesk", "system", "commands-not-run", lines
                    + " in mail from " + from + ": not run, the mail carried no agent proof (signed reply address,"
                    + " SMTP AUTH or trusted DKIM/DMARC pass)");
        }
    }

    /** Commands of which one mail may hold only one, named for the error; null for the others. */
    private static String onceKind(Command c) {
        if (c instanceof Command.SetStatus || c instanceof Command.Snooze) {
            return "status change";
        }
        if (c instanceof Command.Assign) {
            return "#assign";
        }
        if (c instanceof Command.SetGroup) {
            return "#group";
        }
        if (c instanceof Command.SetPriority) {
            return "#priority";
        }
        if (c instanceof Command.Note) {
            return "#note";
        }
        return null;
    }

    private String problem(SqlSession s, TicketRow ticket, Command c) {
        if (c instanceof Command.Assign assign && assign.agent().isPresent()) {
            return notAnAgent(assign.agent().get());
        }
        if (c instanceof Command.AddTask task) {
            return notAnAgent(task.owner());
        }
        if (c instanceof Command.SetGroup group
                && config.get().groups().stream().noneMatch(g -> g.name().equals(group.group()))) {
            return "'" + group.group() + "' is not a group in conf/agents.yml; groups: "
                    + config.get().groups().stream().map(g -> g.name()).toList();
        }
        if (c instanceof Command.CompleteTask done) {
            TaskRow task = s.getMapper(TaskMapper.class).find(done.task().number());
            if (task == null) {
                return "there is no task " + done.task();
            }
            if (task.ticketId() != ticket.id()) {
                return done.task() + " belongs to " + s.getMapper(TicketMapper.class).find(task.ticketId()).ref()
                        + "; complete it there";
            }
        }
        if (c instanceof Command.Merge merge) {
            TicketMapper tickets = s.getMapper(TicketMapper.class);
            TicketRow duplicate = tickets.findByRef(merge.duplicate().toString());
            if (duplicate == null) {
                return "there is no ticket " + merge.duplicate();
            }
            if (duplicate.id() == ticket.id()) {
                return "a ticket cannot be merged into itself; write #merge in the ticket that should stay";
            }
            if (duplicate.mergedInto() != null && duplicate.mergedInto() != ticket.id()) {
                return merge.duplicate() + " was already merged into " + tickets.current(duplicate).ref();
            }
        }
        return null;
    }

    private String notAnAgent(EmailAddress address) {
        Config now = config.get();
        return now.agent(address).isPresent() ? null : address + " is not an agent in conf/agents.yml; agents: "
                + now.agents().stream().map(a -> a.address().value()).toList();
    }
}
