package org.postdesk.sla;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.postdesk.rules.Action;
import org.postdesk.store.TicketRow;

/**
 * The SLA part of a rule set, compiled from {@code sla.yml}: the calendar, the policies and what a
 * warning and a breach do.
 */
public record SlaSettings(BusinessCalendar calendar, Set<String> pauseWhen, List<SlaFile.Policy> policies,
        Duration warnBefore, List<Action> onWarning, List<Action> onBreach) {

    public SlaSettings {
        pauseWhen = Set.copyOf(pauseWhen);
        policies = List.copyOf(policies);
        onWarning = List.copyOf(onWarning);
        onBreach = List.copyOf(onBreach);
    }

    /** No sla.yml: no targets, and business hours are every hour. */
    public static SlaSettings none() {
        return new SlaSettings(BusinessCalendar.always(), Set.of("pending", "snoozed"), List.of(),
                Duration.ofHours(1), List.of(), List.of());
    }

    /** The first policy matching the ticket as it stands. */
    public Optional<SlaFile.Policy> policyFor(TicketRow ticket, List<String> tags) {
        return policies.stream().filter(p -> (p.priority().isEmpty() || p.priority().contains(ticket.priority()))
                && (p.mailbox().isEmpty() || p.mailbox().stream().anyMatch(m -> m.value().equals(ticket.mailbox())))
                && (p.tag().isEmpty() || p.tag().stream().anyMatch(tags::contains))).findFirst();
    }
}
