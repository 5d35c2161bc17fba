package org.postdesk.ticket;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.Config;
import org.postdesk.mail.EmailAddress;
import org.postdesk.store.GeneratedId;
import org.postdesk.store.MessageMapper;
import org.postdesk.store.MessageRow;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;

/**
 * Every change to a ticket, by mail command, CLI or rule, goes through here, so each is validated the
 * same way and leaves one audit event saying who, when, what (old and new) and by which way.
 * Works in the caller's transaction. A change to the value a ticket already has is no change: no event.
 */
public final class TicketChanges {

    private final Config config;
    private final Clock clock;

    public TicketChanges(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public void setStatus(SqlSession s, TicketRow t, TicketStatus status, Actor actor, String why) {
        String old = current(s, t).status();
        if (old.equals(status.code())) {
            return;
        }
        Instant now = clock.instant();
        s.getMapper(TicketMapper.class).setStatus(t.id(), status.code(), now);
        Events.log(s, t.id(), now, actor.who(), actor.via(), "status-changed",
                old + " -> " + status.code() + (why == null || why.isEmpty() ? "" : ": " + why));
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
        if (agent.isPresent() && config.agent(agent.get()).isEmpty()) {
            throw new IllegalArgumentException(agent.get() + " is not an agent in conf/agents.yml; agents: "
                    + config.agents().stream().map(a -> a.address().value()).toList());
        }
        String old = current(s, t).assignee();
        String now = agent.map(EmailAddress::value).orElse(null);
        if (java.util.Objects.equals(old, now)) {
            return;
        }
        Instant at = clock.instant();
        s.getMapper(TicketMapper.class).setAssignee(t.id(), now, at);
        Events.log(s, t.id(), at, actor.who(), actor.via(), "assigned",
                (old == null ? "nobody" : old) + " -> " + (now == null ? "nobody" : now));
    }

    public void setGroup(SqlSession s, TicketRow t, String group, Actor actor) {
        String name = group.strip().toLowerCase(Locale.ROOT);
        if (config.groups().stream().noneMatch(g -> g.name().equals(name))) {
            throw new IllegalArgumentException("'" + group + "' is not a group in conf/agents.yml; groups: "
                    + config.groups().stream().map(g -> g.name()).toList());
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
        Instant now = clock.instant();
        GeneratedId key = new GeneratedId();
        s.getMapper(MessageMapper.class).insert(key, new MessageRow(0, t.id(), null, null, MessageKind.NOTE.code(),
                null, null, actor.who(), null, null, null, null, now, text, null, text, null, now));
        s.getMapper(TicketMapper.class).touch(t.id(), now);
        Events.log(s, t.id(), now, actor.who(), actor.via(), "note-added", null);
        return key.get();
    }

    /** A tag as stored: lower case, letters, digits, '-', '_' and '.'. */
    static String tag(String raw) {
        String t = raw.strip().toLowerCase(Locale.ROOT);
        if (!t.matches("[\\p{L}\\p{N}][\\p{L}\\p{N}_.-]{0,63}")) {
            throw new IllegalArgumentException("'" + raw + "' is not a tag: use letters, digits, '-', '_' or '.',"
                    + " at most 64 characters");
        }
        return t;
    }

    private static TicketRow current(SqlSession s, TicketRow t) {
        return s.getMapper(TicketMapper.class).find(t.id());
    }
}
