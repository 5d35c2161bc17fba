package org.postdesk.ticket;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.LiveConfig;
import org.postdesk.mail.EmailAddress;
import org.postdesk.store.GeneratedId;
import org.postdesk.store.MessageMapper;
import org.postdesk.store.MessageRow;
import org.postdesk.store.TaskMapper;
import org.postdesk.store.TaskRow;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.store.TimerMapper;
import org.postdesk.store.TimerRow;
import org.postdesk.timer.Timers;

/**
 * Every change to a ticket, by mail command, CLI or rule, goes through here, so each is validated the
 * same way and leaves one audit event saying who, when, what (old and new) and by which way.
 * Works in the caller's transaction. A change to the value a ticket already has is no change: no event.
 */
public final class TicketChanges {

    /** The timer that wakes a snoozed ticket. */
    public static final String SNOOZE_TIMER = "snooze";
    /** The timer that reminds a task's owner when it falls due; its payload is the task's number. */
    public static final String TASK_DUE_TIMER = "task-due";
    /** The timer that sends a closed ticket's satisfaction survey, cancelled when the ticket reopens. */
    public static final String SURVEY_TIMER = "survey";

    private final LiveConfig config;
    private final Clock clock;
    private final Timers timers;
    private final LocalTimes times;

    public TicketChanges(LiveConfig config, Clock clock, Timers timers) {
        this.config = config;
        this.clock = clock;
        this.timers = timers;
        this.times = new LocalTimes(config.get().timezone());
    }

    /** Sets any status but {@code snoozed}, which needs a wake-up time: see {@link #snooze}. */
    public void setStatus(SqlSession s, TicketRow t, TicketStatus status, Actor actor, String why) {
        if (status == TicketStatus.SNOOZED) {
            throw new IllegalArgumentException("a ticket is snoozed until a time: use snooze, not setStatus");
        }
        changeStatus(s, t, status, actor, why);
    }

    private boolean changeStatus(SqlSession s, TicketRow t, TicketStatus status, Actor actor, String why) {
        String old = current(s, t).status();
        if (old.equals(status.code())) {
            return false;
        }
        Instant now = clock.instant();
        s.getMapper(TicketMapper.class).setStatus(t.id(), status.code(), now);
        if (old.equals(TicketStatus.SNOOZED.code())) {
            // Woken early (the customer wrote, an agent reopened it): the wake-up must not fire later.
            timers.cancel(s, SNOOZE_TIMER, t.id());
        }
        if (old.equals(TicketStatus.CLOSED.code())) {
            // Reopened before its survey went out: a ticket still being worked on is not surveyed.
            timers.cancel(s, SURVEY_TIMER, t.id());
        }
        if (status == TicketStatus.CLOSED && config.get().surveys().enabled()) {
            timers.schedule(s, SURVEY_TIMER, t.id(), now.plus(config.get().surveys().delay()), null);
        }
        Events.log(s, t.id(), now, actor.who(), actor.via(), "status-changed",
                old + " -> " + status.code() + (why == null || why.isEmpty() ? "" : ": " + why));
        return true;
    }

    /**
     * Takes the ticket out of the queue until {@code until}, when a timer brings it back as open; a
     * customer's mail brings it back at once. Snoozing again moves the wake-up time.
     */
    public void snooze(SqlSession s, TicketRow t, Instant until, Actor actor) {
        if (!until.isAfter(clock.instant())) {
            throw new IllegalArgumentException("cannot snooze until " + times.format(until) + ": that is not in the"
                    + " future (now " + times.format(clock.instant()) + ")");
        }
        List<TimerRow> earlier = timers.pending(s, SNOOZE_TIMER, t.id());
        timers.cancel(s, SNOOZE_TIMER, t.id());
        timers.schedule(s, SNOOZE_TIMER, t.id(), until, null);
        if (!changeStatus(s, t, TicketStatus.SNOOZED, actor, "until " + times.format(until))) {
            Events.log(s, t.id(), clock.instant(), actor.who(), actor.via(), "snooze-changed", "until "
                    + times.format(until) + (earlier.isEmpty() ? "" : " (was until "
                    + times.format(earlier.get(0).dueAt()) + ")"));
        }
    }

    /** When a snoozed ticket's time has come: back in the queue as open. */
    public void wake(SqlSession s, TicketRow t, Instant dueAt) {
        if (TicketStatus.SNOOZED.code().equals(current(s, t).status())) {
            changeStatus(s, t, TicketStatus.OPEN, Actor.system(), "snoozed until " + times.format(dueAt)
                    + ", the time has come");
        }
    }

    public void setPriority(SqlSession s, TicketRow t, Priority priority, Actor actor) {
        String old = current(s, t).priority();
        if (old.equals(priority.code())) {
            return;
        }
        Instant now = clock.instant();
        s.getMapper(TicketMapper.class).setPriority(t.id(), priority.code(), now);
        Events.log(s, t.id(), now, actor.who(), actor.via(), "priority-changed", old + " -> " + priority.code());
    }

    /** Assigns to an agent from conf, or unassigns with an empty value. */
    public void assign(SqlSession s, TicketRow t, Optional<EmailAddress> agent, Actor actor) {
        agent.ifPresent(this::requireAgent);
        String old = current(s, t).assignee();
        String now = agent.map(EmailAddress::value).orElse(null);
        if (Objects.equals(old, now)) {
            return;
        }
        Instant at = clock.instant();
        s.getMapper(TicketMapper.class).setAssignee(t.id(), now, at);
        Events.log(s, t.id(), at, actor.who(), actor.via(), "assigned",
                (old == null ? "nobody" : old) + " -> " + (now == null ? "nobody" : now));
    }

    public void setGroup(SqlSession s, TicketRow t, String group, Actor actor) {
        String name = group.strip().toLowerCase(Locale.ROOT);
        if (config.get().groups().stream().noneMatch(g -> g.name().equals(name))) {
            throw new IllegalArgumentException("'" + group + "' is not a group in conf/agents.yml; groups: "
                    + config.get().groups().stream().map(g -> g.name()).toList());
        }
        String old = current(s, t).groupName();
        if (name.equals(old)) {
            return;
        }
        Instant at = clock.instant();
        s.getMapper(TicketMapper.class).setGroup(t.id(), name, at);
        Events.log(s, t.id(), at, actor.who(), actor.via(), "group-changed",
                (old == null ? "none" : old) + " -> " + name);
    }

    public void addTags(SqlSession s, TicketRow t, List<String> tags, Actor actor) {
        TicketMapper tickets = s.getMapper(TicketMapper.class);
        List<String> have = tickets.tags(t.id());
        for (String tag : tags.stream().map(TicketChanges::tag).distinct().toList()) {
            if (!have.contains(tag)) {
                tickets.addTag(t.id(), tag);
                Events.log(s, t.id(), clock.instant(), actor.who(), actor.via(), "tagged", tag);
            }
        }
    }

    public void removeTags(SqlSession s, TicketRow t, List<String> tags, Actor actor) {
        TicketMapper tickets = s.getMapper(TicketMapper.class);
        for (String tag : tags.stream().map(TicketChanges::tag).distinct().toList()) {
            if (tickets.removeTag(t.id(), tag) > 0) {
                Events.log(s, t.id(), clock.instant(), actor.who(), actor.via(), "untagged", tag);
            }
        }
    }

    /** An internal note: stored as a message of kind {@code note}, never sent to the customer. */
    public long addNote(SqlSession s, TicketRow t, String text, Actor actor) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a note needs text");
        }
        Instant now = clock.instant();
        GeneratedId key = new GeneratedId();
        s.getMapper(MessageMapper.class).insert(key, new MessageRow(0, t.id(), null, null, MessageKind.NOTE.code(),
                null, null, actor.who(), null, null, null, null, now, text, null, text, null, now));
        s.getMapper(TicketMapper.class).touch(t.id(), now);
        Events.log(s, t.id(), now, actor.who(), actor.via(), "note-added", null);
        return key.get();
    }

    /** A task linked to the ticket; a timer reminds its owner when it falls due. */
    public TaskRow addTask(SqlSession s, TicketRow t, EmailAddress owner, Instant due, String description,
            Actor actor) {
        requireAgent(owner);
        String what = description == null ? "" : description.strip();
        if (what.isEmpty() || what.length() > 4000) {
            throw new IllegalArgumentException("a task needs a description of 1 to 4000 characters, e.g."
                    + " 'call the courier'");
        }
        Instant now = clock.instant();
        GeneratedId key = new GeneratedId();
        TaskMapper tasks = s.getMapper(TaskMapper.class);
        tasks.insert(key, t.id(), owner.value(), due, what, actor.who(), now);
        TaskId id = new TaskId(key.get());
        timers.schedule(s, TASK_DUE_TIMER, t.id(), due, String.valueOf(id.number()));
        Events.log(s, t.id(), now, actor.who(), actor.via(), "task-added", id + " for " + owner + ", due "
                + times.format(due) + ": " + what);
        return tasks.find(key.get());
    }

    /** Marks a task done and drops its reminder; a task already done stays as it was. */
    public void completeTask(SqlSession s, TaskRow task, Actor actor) {
        Instant now = clock.instant();
        if (s.getMapper(TaskMapper.class).markDone(task.id(), actor.who(), now) == 0) {
            return;
        }
        timers.cancelByPayload(s, TASK_DUE_TIMER, String.valueOf(task.id()));
        Events.log(s, task.ticketId(), now, actor.who(), actor.via(), "task-done", new TaskId(task.id()) + ": "
                + task.description());
    }

    /**
     * Merges a duplicate into {@code target}: its messages (with their attachments) and tasks move, its
     * customer and participants become participants of the target, its tags are added there, and it
     * is closed with a pointer to the target, so its id, signed addresses and Message-IDs keep leading
     * to the target. Its own audit log stays with it and is shown with the target's.
     */
    public void merge(SqlSession s, TicketRow source, TicketRow target, Actor actor) {
        TicketMapper tickets = s.getMapper(TicketMapper.class);
        TicketRow from = tickets.find(source.id());
        TicketRow into = tickets.find(target.id());
        if (into.mergedInto() != null) {
            throw new IllegalArgumentException(into.ref() + " was itself merged into "
                    + tickets.find(into.mergedInto()).ref() + "; merge into that one");
        }
        if (from.id() == into.id()) {
            throw new IllegalArgumentException("cannot merge " + from.ref() + " into itself");
        }
        if (from.mergedInto() != null) {
            if (from.mergedInto() == into.id()) {
                return;
            }
            throw new IllegalArgumentException(from.ref() + " was already merged into "
                    + tickets.find(from.mergedInto()).ref());
        }
        Instant now = clock.instant();
        int messages = s.getMapper(MessageMapper.class).moveToTicket(from.id(), into.id());
        List<String> people = new ArrayList<>();
        people.add(from.customerAddress());
        people.addAll(tickets.participants(from.id()));
        List<String> linked = people.stream().distinct().filter(p -> !p.equals(into.customerAddress())).toList();
        linked.forEach(p -> tickets.addParticipant(into.id(), p, now));
        List<String> tags = tickets.tags(from.id());
        addTags(s, into, tags, actor);
        int tasks = s.getMapper(TaskMapper.class).moveToTicket(from.id(), into.id());
        TimerMapper timerRows = s.getMapper(TimerMapper.class);
        timerRows.moveToTicket(from.id(), into.id(), TASK_DUE_TIMER);
        // The duplicate's own clocks (its snooze, SLA timers) stop: it is closed; the target has its own.
        timerRows.cancelAllBut(from.id(), TASK_DUE_TIMER, now);
        tickets.repointMerged(from.id(), into.id());
        changeStatus(s, from, TicketStatus.CLOSED, actor, "merged into " + into.ref());
        tickets.setMergedInto(from.id(), into.id(), now);
        tickets.touch(into.id(), now);
        Events.log(s, from.id(), now, actor.who(), actor.via(), "merged-into", into.ref() + ": " + messages
                + " message(s) and " + tasks + " task(s) moved there; customer and participants linked");
        Events.log(s, into.id(), now, actor.who(), actor.via(), "merged", from.ref() + " '" + from.subject()
                + "' from " + from.customerAddress() + ": " + messages + " message(s), " + tasks + " task(s)"
                + (linked.isEmpty() ? "" : ", participants added " + linked)
                + (tags.isEmpty() ? "" : ", tags " + tags));
    }

    /** A tag as stored: lower case, letters, digits, '-', '_' and '.'. */
    public static String tag(String raw) {
        String t = raw.strip().toLowerCase(Locale.ROOT);
        if (!t.matches("[\\p{L}\\p{N}][\\p{L}\\p{N}_.-]{0,63}")) {
            throw new IllegalArgumentException("'" + raw + "' is not a tag: use letters, digits, '-', '_' or '.',"
                    + " at most 64 characters");
        }
        return t;
    }

    private void requireAgent(EmailAddress agent) {
        if (config.get().agent(agent).isEmpty()) {
            throw new IllegalArgumentException(agent + " is not an agent in conf/agents.yml; agents: "
                    + config.get().agents().stream().map(a -> a.address().value()).toList());
        }
    }

    private static TicketRow current(SqlSession s, TicketRow t) {
        return s.getMapper(TicketMapper.class).find(t.id());
    }
}
