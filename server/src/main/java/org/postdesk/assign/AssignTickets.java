package org.postdesk.assign;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.Agent;
import org.postdesk.conf.LiveConfig;
import org.postdesk.store.AssignmentMapper;
import org.postdesk.store.AssignmentMapper.AgentLoad;
import org.postdesk.store.AssignmentMapper.QueuedTicket;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.ticket.Actor;
import org.postdesk.ticket.Events;
import org.postdesk.ticket.TicketChanges;

/**
 * Auto-assignment within a group, honouring each agent's {@code maxOpenTickets}. When every agent of
 * the group is at their cap the ticket stays unassigned in the group's queue, and {@link #handOut}
 * gives queued tickets out, oldest first, as agents fall under their cap (a ticket of theirs went
 * pending or closed, or was given to someone else).
 *
 * <p>Picking takes a row lock on the group's cursor first, so instances sharing a database assign
 * one at a time per group and never push an agent past the cap between them.
 */
public final class AssignTickets {

    private static final List<String> WAITING_STATUSES = List.of("new", "open");

    private final LiveConfig config;
    private final TicketChanges changes;
    private final Clock clock;

    public AssignTickets(LiveConfig config, TicketChanges changes, Clock clock) {
        this.config = config;
        this.changes = changes;
        this.clock = clock;
    }

    /** Assigns the ticket to an agent of {@code group}, or queues it; returns what it did, for the log. */
    public String assign(SqlSession s, TicketRow ticket, String group, Strategy strategy, Actor actor) {
        changes.setGroup(s, ticket, group, actor);
        lockGroup(s, group);
        Optional<Agent> agent = pick(s, group, strategy);
        AssignmentMapper queue = s.getMapper(AssignmentMapper.class);
        Instant now = clock.instant();
        if (agent.isPresent()) {
            give(s, ticket, group, agent.get(), actor);
            queue.leaveTicket(ticket.id(), now, "assigned to " + agent.get().address() + " by " + actor.who());
            return "assigned to " + agent.get().address() + " (" + strategy.code() + " in " + group + ")";
        }
        if (s.getMapper(TicketMapper.class).find(ticket.id()).assignee() != null) {
            changes.assign(s, ticket, Optional.empty(), actor);
        }
        if (queue.waiting(ticket.id()) == 0) {
            queue.enqueue(ticket.id(), group, strategy.code(), actor.who(), now);
            Events.log(s, ticket.id(), now, actor.who(), actor.via(), "queued", "every agent of " + group
                    + " is at their maximum of open tickets; waiting in the group's queue");
        }
        return "queued in " + group + ": every agent is at their maximum of open tickets";
    }

    /** Gives queued tickets to agents with room, oldest first, group by group; returns how many. */
    public int handOut(SqlSession s) {
        AssignmentMapper queue = s.getMapper(AssignmentMapper.class);
        TicketMapper tickets = s.getMapper(TicketMapper.class);
        int given = 0;
        for (String group : groupsWithAgents()) {
            if (queue.anyWaiting(group) == null) {
                continue;
            }
            // Runs after every message: while every agent of the group is at their cap (the usual state of
            // a busy queue) neither the group's lock nor its whole queue is needed. A change that frees
            // room hands out in its own transaction, which sees that room.
            if (pick(s, group, Strategy.LEAST_LOADED).isEmpty()) {
                continue;
            }
            lockGroup(s, group);
            for (QueuedTicket q : queue.queue(group)) {
                TicketRow ticket = tickets.find(q.ticketId());
                Optional<String> gone = goneFromQueue(ticket, group);
                if (gone.isPresent()) {
                    queue.leave(q.id(), clock.instant(), gone.get());
                    continue;
                }
                Optional<Agent> agent = pick(s, group, Strategy.parse(q.strategy()));
                if (agent.isEmpty()) {
                    break;
                }
                give(s, ticket, group, agent.get(), new Actor(q.actor(), "rule"));
                queue.leave(q.id(), clock.instant(), "handed out to " + agent.get().address());
                given++;
            }
        }
        return given;
    }

    /**
     * The groups whose queues can be handed out: those some agent in conf belongs to. A queue of a group
     * no agent is in any more waits until one is, or until its tickets are moved.
     */
    private Set<String> groupsWithAgents() {
        return config.get().agents().stream().flatMap(a -> a.groups().stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Optional<String> goneFromQueue(TicketRow ticket, String group) {
        if (!WAITING_STATUSES.contains(ticket.status())) {
            return Optional.of("left the queue: status " + ticket.status());
        }
        if (ticket.assignee() != null) {
            return Optional.of("left the queue: assigned to " + ticket.assignee());
        }
        if (!group.equals(ticket.groupName())) {
            return Optional.of("left the queue: moved to group " + ticket.groupName());
        }
        return Optional.empty();
    }

    private void give(SqlSession s, TicketRow ticket, String group, Agent agent, Actor actor) {
        changes.assign(s, ticket, Optional.of(agent.address()), actor);
        s.getMapper(AssignmentMapper.class).setLastAgent(group, agent.address().value());
    }

    /** The agent a strategy picks among those with room; empty when all are at their cap. */
    private Optional<Agent> pick(SqlSession s, String group, Strategy strategy) {
        AssignmentMapper mapper = s.getMapper(AssignmentMapper.class);
        List<Agent> members = config.get().agentsOf(group);
        if (members.isEmpty()) {
            throw new IllegalStateException("group " + group + " has no agents in conf/agents.yml to assign to");
        }
        Map<String, Long> loads = mapper.loads(members.stream().map(a -> a.address().value()).toList()).stream()
                .collect(Collectors.toMap(AgentLoad::agent, AgentLoad::tickets));
        List<Agent> inTurn = inTurn(members, mapper.lastAgent(group));
        Agent best = null;
        long bestLoad = Long.MAX_VALUE;
        for (Agent a : inTurn) {
            long load = load(loads, a);
            if (!a.hasRoomFor((int) Math.min(load, Integer.MAX_VALUE))) {
                continue;
            }
            if (strategy == Strategy.ROUND_ROBIN) {
                return Optional.of(a);
            }
            if (load < bestLoad) {
                best = a;
                bestLoad = load;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The group's agents in conf order, starting after the one picked last. */
    private static List<Agent> inTurn(List<Agent> members, String last) {
        int after = 0;
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).address().value().equals(last)) {
                after = i + 1;
            }
        }
        List<Agent> turn = new ArrayList<>(members.subList(after, members.size()));
        turn.addAll(members.subList(0, after));
        return turn;
    }

    private static long load(Map<String, Long> loads, Agent a) {
        return loads.getOrDefault(a.address().value(), 0L);
    }

    private static void lockGroup(SqlSession s, String group) {
        AssignmentMapper mapper = s.getMapper(AssignmentMapper.class);
        if (mapper.lock(group) == 0) {
            try {
                mapper.insertCursor(group);
            } catch (PersistenceException e) {
                // Another instance created the cursor a moment ago; locking it below is what we want.
            }
            mapper.lock(group);
        }
    }
}
