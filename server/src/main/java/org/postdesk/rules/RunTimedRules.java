package org.postdesk.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.apache.ibatis.exceptions.PersistenceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.assign.AssignTickets;
import org.postdesk.conf.Mailbox;
import org.postdesk.mail.EmailAddress;
import org.postdesk.sla.TrackSla;
import org.postdesk.store.Database;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.store.TriggerMarkMapper;

/**
 * The rules that run by time rather than by mail, on any number of instances at once: catches SLA
 * clocks and assignment queues up with changes made outside the pipeline (CLI, timers), and about once
 * a minute runs the time-passed triggers over tickets that are not closed. (SLA warnings and breaches
 * are timers, fired by {@link org.postdesk.timer.FireTimers} through {@link org.postdesk.sla.FireSla}.)
 * A time-passed trigger runs at most once per ticket per update of the ticket: a
 * mark keyed on the ticket's last update, inserted in the transaction of the run, makes a second
 * instance's run fail and roll back.
 */
public final class RunTimedRules {

    private static final Logger LOG = LoggerFactory.getLogger(RunTimedRules.class);

    static final Duration IDLE_SWEEP_EVERY = Duration.ofMinutes(1);

    private final Database db;
    private final Rules rules;
    private final RunTriggers triggers;
    private final TrackSla sla;
    private final AssignTickets assignments;
    private final Clock clock;
    private Instant lastIdleSweep = Instant.MIN;

    public RunTimedRules(Rules rules, Database db, RunTriggers triggers, TrackSla sla,
            AssignTickets assignments, Clock clock) {
        this.db = db;
        this.rules = rules;
        this.triggers = triggers;
        this.sla = sla;
        this.assignments = assignments;
        this.clock = clock;
    }

    /** Catches SLA clocks and assignment queues up with changes made outside the pipeline. */
    public void catchUp() {
        db.inTransaction(s -> sla.sweep(s) + assignments.handOut(s));
    }

    /** Catches up, then runs the time-passed triggers if a minute went by; returns how many ran. */
    public synchronized int runDue() {
        catchUp();
        Instant now = clock.instant();
        if (now.isBefore(lastIdleSweep.plus(IDLE_SWEEP_EVERY))) {
            return 0;
        }
        lastIdleSweep = now;
        return timePassed(now);
    }

    private int timePassed(Instant now) {
        List<Trigger> idle = rules.current().triggers().stream()
                .filter(t -> t.enabled() && t.when().contains(TriggerEvent.TIME_PASSED)).toList();
        if (idle.isEmpty()) {
            return 0;
        }
        // A ticket updated more recently than every trigger's idleFor cannot match any of them: leaving it
        // out spares a transaction per open ticket each minute.
        Duration idleAtLeast = idle.stream().map(t -> Condition.leastIdle(t.condition())).min(Duration::compareTo)
                .orElse(Duration.ZERO);
        List<Long> tickets = db.inTransaction(s -> s.getMapper(TriggerMarkMapper.class)
                .notClosedIdleSince(now.minus(idleAtLeast)));
        int fired = 0;
        for (long id : tickets) {
            try {
                fired += db.inTransaction(s -> {
                    TicketRow ticket = s.getMapper(TicketMapper.class).find(id);
                    long mark = ticket.updatedAt().toEpochMilli();
                    TriggerMarkMapper marks = s.getMapper(TriggerMarkMapper.class);
                    Mailbox mailbox = rules.get().mailbox(EmailAddress.of(ticket.mailbox()))
                            .orElse(rules.get().mailboxes().get(0));
                    Facts facts = new Facts(EnumSet.of(TriggerEvent.TIME_PASSED), ticket,
                            s.getMapper(TicketMapper.class).tags(id), mailbox, Optional.empty(), ticket.subject(), "",
                            now, false, Optional.empty(), Optional.empty());
                    TriggerReport report = triggers.apply(s, facts, t -> marks.has(t.name(), id, mark) == 0);
                    for (String name : report.matched()) {
                        marks.insert(name, id, mark, now);
                    }
                    if (!report.matched().isEmpty()) {
                        triggers.followUp(s, ticket);
                    }
                    return report.matched().size();
                });
            } catch (PersistenceException e) {
                // Another instance marked the same run first (primary key): this one rolled back.
                LOG.debug("ticket {}: time-passed triggers already ran ({})", id, e.toString());
            }
        }
        return fired;
    }
}
