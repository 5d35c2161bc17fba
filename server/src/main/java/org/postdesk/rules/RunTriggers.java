package org.postdesk.rules;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.ibatis.session.SqlSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.conf.Mailbox;
import org.postdesk.mime.ParsedMessage;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.thread.Sender;
import org.postdesk.ticket.RecordedMessage;

/**
 * The rules stage: runs the triggers of the rules in force, in order, for what just happened to a
 * ticket, in the caller's transaction; then lets what follows a change catch up (SLA clocks, the
 * assignment queues). Later triggers see what earlier ones did; a trigger with {@code stop} ends the run.
 * Changes made by triggers do not start another run, so rules cannot loop.
 */
public final class RunTriggers {

    private static final Logger LOG = LoggerFactory.getLogger(RunTriggers.class);

    /** Something that must look at a ticket after its rules ran: the SLA clock, the assignment queues. */
    @FunctionalInterface
    public interface FollowUp {
        void after(SqlSession session, TicketRow ticket);
    }

    private final Rules rules;
    private final RunActions actions;
    private final Clock clock;
    private final List<FollowUp> followUps;

    public RunTriggers(Rules rules, RunActions actions, Clock clock, List<FollowUp> followUps) {
        this.rules = rules;
        this.actions = actions;
        this.clock = clock;
        this.followUps = List.copyOf(followUps);
    }

    /**
     * After a message was recorded: ticket-created or customer-replied (or agent-replied), and
     * status-changed when recording moved the ticket to another status.
     */
    public TriggerReport afterMessage(SqlSession session, Mailbox mailbox, RecordedMessage recorded,
            Optional<TicketRow> before, Sender sender, ParsedMessage message, String visible, boolean automated) {
        Set<TriggerEvent> events = EnumSet.noneOf(TriggerEvent.class);
        events.add(recorded.newTicket() ? TriggerEvent.TICKET_CREATED
                : sender.isProvenAgent() ? TriggerEvent.AGENT_REPLIED : TriggerEvent.CUSTOMER_REPLIED);
        if (before.isPresent() && !before.get().status().equals(recorded.ticket().status())) {
            events.add(TriggerEvent.STATUS_CHANGED);
        }
        TicketRow ticket = recorded.ticket();
        Facts facts = new Facts(events, ticket, tags(session, ticket), mailbox, Optional.of(sender.address()),
                message.subject().isBlank() ? ticket.subject() : message.subject(), visible, clock.instant(),
                automated, Optional.of(message), Optional.empty());
        TriggerReport report = apply(session, facts);
        followUp(session, ticket);
        return report;
    }

    /** Runs the triggers listening to the facts' events; returns what each made of them. */
    public TriggerReport apply(SqlSession session, Facts start) {
        return apply(session, start, t -> true);
    }

    /** As {@link #apply(SqlSession, Facts)}, skipping triggers {@code due} says already ran. */
    public TriggerReport apply(SqlSession session, Facts start, Predicate<Trigger> due) {
        TicketMapper tickets = session.getMapper(TicketMapper.class);
        Facts facts = start;
        List<TriggerReport.Entry> entries = new ArrayList<>();
        String stoppedBy = null;
        for (Trigger trigger : rules.current().triggers()) {
            if (!trigger.enabled()) {
                entries.add(new TriggerReport.Entry(trigger.name(), TriggerReport.Result.DISABLED,
                        "enabled: false", List.of()));
                continue;
            }
            if (trigger.when().stream().noneMatch(facts.events()::contains)) {
                entries.add(new TriggerReport.Entry(trigger.name(), TriggerReport.Result.OTHER_EVENT,
                        "runs on " + codes(trigger.when()) + ", not on " + codes(facts.events()), List.of()));
                continue;
            }
            if (!due.test(trigger)) {
                entries.add(new TriggerReport.Entry(trigger.name(), TriggerReport.Result.ALREADY_RAN,
                        "already ran since the ticket's last update", List.of()));
                continue;
            }
            if (stoppedBy != null) {
                entries.add(new TriggerReport.Entry(trigger.name(), TriggerReport.Result.AFTER_STOP,
                        "trigger '" + stoppedBy + "' said stop", List.of()));
                continue;
            }
            Condition.Verdict verdict = trigger.condition().test(facts);
            if (!verdict.holds()) {
                entries.add(new TriggerReport.Entry(trigger.name(), TriggerReport.Result.MISSED, verdict.why(),
                        List.of()));
                continue;
            }
            List<String> done = actions.run(session, facts, trigger.actions(), trigger.actor());
            LOG.info("stage=rules ticket={} trigger='{}' ({}): {}", facts.ticket().ref(), trigger.name(),
                    verdict.why(), done);
            entries.add(new TriggerReport.Entry(trigger.name(), TriggerReport.Result.MATCHED, verdict.why(), done));
            // Mail and stop leave the ticket as it was: no need to read it again for the next trigger.
            if (trigger.actions().stream().anyMatch(Action::changesTicket)) {
                TicketRow now = tickets.find(facts.ticket().id());
                facts = facts.withTicket(now, tags(session, now));
            }
            if (trigger.stops()) {
                stoppedBy = trigger.name();
            }
        }
        return new TriggerReport(start.ticket().ref(), start.events(), entries);
    }

    /** Lets the SLA clock and the assignment queues see what the message and the rules changed. */
    public void followUp(SqlSession session, TicketRow ticket) {
        TicketRow now = session.getMapper(TicketMapper.class).find(ticket.id());
        for (FollowUp f : followUps) {
            f.after(session, now);
        }
    }

    static List<String> tags(SqlSession session, TicketRow ticket) {
        return session.getMapper(TicketMapper.class).tags(ticket.id());
    }

    private static String codes(Set<TriggerEvent> events) {
        return events.stream().sorted().map(TriggerEvent::code).collect(Collectors.joining(", "));
    }
}
