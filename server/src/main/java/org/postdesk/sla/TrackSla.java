package org.postdesk.sla;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.ibatis.session.SqlSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.conf.Mailbox;
import org.postdesk.mail.EmailAddress;
import org.postdesk.rules.Action;
import org.postdesk.rules.Durations;
import org.postdesk.rules.Facts;
import org.postdesk.rules.Rules;
import org.postdesk.rules.RunActions;
import org.postdesk.rules.TriggerEvent;
import org.postdesk.store.SlaMapper;
import org.postdesk.store.SlaMapper.SlaRow;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.store.TimerRow;
import org.postdesk.ticket.Actor;
import org.postdesk.ticket.Events;
import org.postdesk.timer.Timers;

/**
 * Keeps each ticket's SLA clocks (first response, resolution) in step with the ticket, and fires the
 * warning and the breach. A clock counts business time while its target is unmet and the ticket is in
 * none of the pause statuses; its warning and breach are durable {@link Timers}, rescheduled whenever
 * the clock starts, stops or changes target. Each fires once: a mark on the clock row, set only if
 * unset, decides who fires, whatever timers or instances race.
 */
public final class TrackSla {

    public static final String FIRST_RESPONSE = "first-response";
    public static final String RESOLUTION = "resolution";
    /** The timer kinds: a warning and a breach per metric, so each is cancelled and moved on its own. */
    public static final List<String> KINDS = List.of(kind(FIRST_RESPONSE, true), kind(FIRST_RESPONSE, false),
            kind(RESOLUTION, true), kind(RESOLUTION, false));

    private static final Logger LOG = LoggerFactory.getLogger(TrackSla.class);

    /** A timer a little early (clock skew between instances) still counts as due. */
    private static final Duration TOLERANCE = Duration.ofSeconds(1);

    private final Rules rules;
    private final Timers timers;
    private final RunActions actions;
    private final Clock clock;

    public TrackSla(Rules rules, Timers timers, RunActions actions, Clock clock) {
        this.rules = rules;
        this.timers = timers;
        this.actions = actions;
        this.clock = clock;
    }

    /** After a change made now: starts, stops or retargets the ticket's clocks. */
    public void reconcile(SqlSession s, TicketRow ticket) {
        reconcile(s, ticket, clock.instant());
    }

    /** Catches up clocks of tickets changed outside the pipeline (CLI, commands); returns how many. */
    public int sweep(SqlSession s) {
        TicketMapper tickets = s.getMapper(TicketMapper.class);
        Set<String> stopped = new HashSet<>(rules.current().sla().pauseWhen());
        stopped.add("closed");
        List<Long> ids = s.getMapper(SlaMapper.class).outOfStep(stopped);
        for (long id : ids) {
            TicketRow t = tickets.find(id);
            // The status changed at its last update: count from then, not from when we noticed.
            Instant now = clock.instant();
            reconcile(s, t, t.updatedAt().isAfter(now) ? now : t.updatedAt());
        }
        return ids.size();
    }

    private void reconcile(SqlSession s, TicketRow ticket, Instant at) {
        SlaSettings sla = rules.current().sla();
        SlaMapper clocks = s.getMapper(SlaMapper.class);
        Optional<SlaFile.Policy> policy = sla.policyFor(ticket, s.getMapper(TicketMapper.class).tags(ticket.id()));
        Map<String, SlaRow> storedClocks = clocks.ofTicket(ticket.id()).stream()
                .collect(Collectors.toMap(SlaRow::metric, r -> r));
        for (String metric : List.of(FIRST_RESPONSE, RESOLUTION)) {
            Optional<Duration> target = policy.map(p -> metric.equals(FIRST_RESPONSE) ? p.firstResponse()
                    : p.resolution());
            SlaRow stored = storedClocks.get(metric);
            SlaRow row = stored;
            boolean retarget = false;
            if (row == null) {
                if (target.isEmpty()) {
                    continue;
                }
                // A policy's targets count from the moment it applies: at creation for most tickets, else from
                // the change (priority, tag) that made it match. A promise counts from when it was made; counted
                // from creation, a ticket raised to urgent on day three would be breached the instant it is.
                row = new SlaRow(ticket.id(), metric, policy.get().name(), target.get().toMillis(), 0, null, null,
                        null, null, null);
                retarget = true;
            } else if (target.isPresent() && (target.get().toMillis() != row.targetMs()
                    || !policy.get().name().equals(row.policy()))) {
                row = new SlaRow(row.ticketId(), metric, policy.get().name(), target.get().toMillis(),
                        row.consumedMs(), row.runningSince(), row.dueAt(), row.metAt(), row.warnedAt(),
                        row.breachedAt());
                retarget = true;
            }
            SlaRow next = step(s, sla, ticket, row, at);
            if (next.runningSince() != null && (retarget || row.runningSince() == null)) {
                // A clock new to the ticket has no timers yet to cancel: its timers are made here.
                next = schedule(s, sla, next, stored != null);
            } else if (next.runningSince() == null && row.runningSince() != null) {
                cancel(s, ticket.id(), metric);
                next = withDue(next, null);
            }
            // Most messages leave a clock as it was (a reply to a running clock): then nothing is written.
            if (stored == null) {
                clocks.insert(next);
            } else if (!next.equals(stored)) {
                clocks.update(next);
            }
        }
    }

    /** The clock after the ticket's current state: met, running or paused. */
    private static SlaRow step(SqlSession s, SlaSettings sla, TicketRow ticket, SlaRow row, Instant at) {
        Instant metAt = row.metric().equals(FIRST_RESPONSE) ? s.getMapper(SlaMapper.class).firstAgentReply(ticket.id())
                : "closed".equals(ticket.status()) ? (ticket.closedAt() == null ? at : ticket.closedAt()) : null;
        boolean counting = metAt == null && !sla.pauseWhen().contains(ticket.status())
                && !"closed".equals(ticket.status());
        long consumed = row.consumedMs();
        Instant running = row.runningSince();
        if (running != null && !counting) {
            Instant stop = metAt != null && metAt.isAfter(running) && metAt.isBefore(at) ? metAt : at;
            consumed += sla.calendar().elapsed(running, stop).toMillis();
            running = null;
        } else if (running == null && counting) {
            running = at;
        }
        return new SlaRow(row.ticketId(), row.metric(), row.policy(), row.targetMs(), consumed, running, row.dueAt(),
                metAt, row.warnedAt(), row.breachedAt());
    }

    private SlaRow schedule(SqlSession s, SlaSettings sla, SlaRow row, boolean timersMayExist) {
        if (timersMayExist) {
            cancel(s, row.ticketId(), row.metric());
        }
        Duration remaining = Duration.ofMillis(Math.max(0, row.targetMs() - row.consumedMs()));
        Instant breachAt = sla.calendar().plus(row.runningSince(), remaining);
        if (row.breachedAt() == null) {
            timers.schedule(s, kind(row.metric(), false), row.ticketId(), breachAt, row.metric());
            if (row.warnedAt() == null) {
                Instant warnAt = remaining.compareTo(sla.warnBefore()) > 0
                        ? sla.calendar().plus(row.runningSince(), remaining.minus(sla.warnBefore()))
                        : row.runningSince();
                timers.schedule(s, kind(row.metric(), true), row.ticketId(), warnAt, row.metric());
            }
        }
        return withDue(row, breachAt);
    }

    private void cancel(SqlSession s, long ticketId, String metric) {
        timers.cancel(s, kind(metric, true), ticketId);
        timers.cancel(s, kind(metric, false), ticketId);
    }

    /** {@code sla-first-response-warning}, {@code sla-resolution-breach}… */
    static String kind(String metric, boolean warning) {
        return "sla-" + metric + (warning ? "-warning" : "-breach");
    }

    private static SlaRow withDue(SlaRow r, Instant due) {
        return new SlaRow(r.ticketId(), r.metric(), r.policy(), r.targetMs(), r.consumedMs(), r.runningSince(), due,
                r.metAt(), r.warnedAt(), r.breachedAt());
    }

    /**
     * Fires a due warning or breach timer, in the caller's transaction: marks the clock, runs the
     * actions of sla.yml, and returns the facts the sla-warning or sla-breach triggers run on. Empty when
     * there is nothing to fire: the target was met, the clock paused, or another instance fired it.
     */
    public Optional<Facts> fire(SqlSession s, TimerRow timer) {
        SlaSettings sla = rules.current().sla();
        SlaMapper clocks = s.getMapper(SlaMapper.class);
        Instant now = clock.instant();
        // A status changed outside the pipeline since the last sweep stops the clock before it can fire.
        TicketRow current = s.getMapper(TicketMapper.class).find(timer.ticketId());
        reconcile(s, current, current.updatedAt().isAfter(now) ? now : current.updatedAt());
        SlaRow row = clocks.find(timer.ticketId(), timer.payload());
        if (row == null || row.metAt() != null || row.runningSince() == null) {
            return Optional.empty();
        }
        boolean warning = timer.kind().endsWith("-warning");
        Duration used = Duration.ofMillis(row.consumedMs()).plus(sla.calendar().elapsed(row.runningSince(), now));
        Duration threshold = Duration.ofMillis(row.targetMs()).minus(warning ? sla.warnBefore() : Duration.ZERO);
        if (used.plus(TOLERANCE).compareTo(threshold) < 0) {
            // Scheduled under an older calendar or target: wait for the real moment.
            timers.schedule(s, timer.kind(), row.ticketId(), sla.calendar().plus(now, threshold.minus(used)),
                    row.metric());
            return Optional.empty();
        }
        int marked = warning ? clocks.markWarned(row.ticketId(), row.metric(), now)
                : clocks.markBreached(row.ticketId(), row.metric(), now);
        if (marked == 0) {
            return Optional.empty();
        }
        TicketRow ticket = s.getMapper(TicketMapper.class).find(row.ticketId());
        String what = row.metric() + " target " + Durations.words(Duration.ofMillis(row.targetMs())) + " (policy "
                + row.policy() + ")";
        String type = warning ? "sla-warning" : "sla-breach";
        Events.log(s, ticket.id(), now, "postdesk", "system", type, warning
                ? what + " passes at " + row.dueAt() + "; " + Durations.words(used) + " of business time used"
                : what + " passed unmet");
        LOG.info("stage=sla ticket={} {}: {}", ticket.ref(), type, what);
        TriggerEvent event = warning ? TriggerEvent.SLA_WARNING : TriggerEvent.SLA_BREACH;
        Mailbox mailbox = rules.get().mailbox(EmailAddress.of(ticket.mailbox()))
                .orElse(rules.get().mailboxes().get(0));
        Facts facts = new Facts(EnumSet.of(event), ticket, s.getMapper(TicketMapper.class).tags(ticket.id()), mailbox,
                Optional.empty(), ticket.subject(), "", now, false, Optional.empty(), Optional.of(row.metric()));
        List<Action> configured = warning ? sla.onWarning() : sla.onBreach();
        actions.run(s, facts, configured, new Actor("rule:" + type, "rule"));
        TicketRow after = s.getMapper(TicketMapper.class).find(ticket.id());
        return Optional.of(facts.withTicket(after, s.getMapper(TicketMapper.class).tags(ticket.id())));
    }
}
