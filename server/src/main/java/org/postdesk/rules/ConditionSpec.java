package org.postdesk.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.postdesk.mail.EmailAddress;
import org.postdesk.sla.BusinessCalendar;
import org.postdesk.ticket.Priority;
import org.postdesk.ticket.TicketStatus;

/**
 * A condition as written under {@code if:} in {@code triggers.yml}. Every key given must hold (a map
 * with several keys is an implicit {@code all}); lists mean "any of these".
 *
 * @param all every condition of the list holds
 * @param any at least one condition of the list holds
 * @param not the condition does not hold
 * @param mailbox the ticket's mailbox is one of these addresses
 * @param from the message's sender is one of these addresses, or of these domains written {@code @example.com}
 *     (subdomains included)
 * @param subject the subject matches: {@code {words: [refund, invoice]}} or {@code {regex: 'order #\d+'}}
 * @param body the new text of the message (quotes removed) matches, as for {@code subject}
 * @param tag the ticket has any of these tags
 * @param priority the ticket's priority is one of these
 * @param status the ticket's status is one of these
 * @param group the ticket's group is one of these
 * @param idleFor nothing happened to the ticket for at least this long, e.g. {@code 2d}
 * @param businessHours true: now is inside the SLA calendar's business hours; false: outside them
 */
public record ConditionSpec(List<ConditionSpec> all, List<ConditionSpec> any, ConditionSpec not,
        List<EmailAddress> mailbox, List<String> from, TextMatch subject, TextMatch body, List<String> tag,
        List<String> priority, List<String> status, List<String> group, Duration idleFor, Boolean businessHours) {

    public ConditionSpec {
        for (String f : from == null ? List.<String>of() : from) {
            if (!f.strip().startsWith("@")) {
                EmailAddress.of(f.strip());
            } else if (!f.strip().matches("@[\\p{L}\\p{N}]([\\p{L}\\p{N}-]*\\.)*[\\p{L}\\p{N}-]+")) {
                throw new IllegalArgumentException("from: '" + f + "' is not a domain; write e.g. @example.com");
            }
        }
        (priority == null ? List.<String>of() : priority).forEach(Priority::parse);
        (status == null ? List.<String>of() : status).forEach(TicketStatus::parse);
        if (idleFor != null && (idleFor.isNegative() || idleFor.isZero())) {
            throw new IllegalArgumentException("idleFor must be positive, e.g. 2h");
        }
    }

    /** Checks, after binding, that the condition says something (see {@link ActionSpec#check()}). */
    void check() {
        if (all == null && any == null && not == null && mailbox == null && from == null && subject == null
                && body == null && tag == null && priority == null && status == null && group == null
                && idleFor == null && businessHours == null) {
            throw new IllegalArgumentException("an empty condition; use one of all, any, not, mailbox, from,"
                    + " subject, body, tag, priority, status, group, idleFor, businessHours");
        }
        children().forEach(ConditionSpec::check);
    }

    /** The groups this condition names, for the check against agents.yml. */
    List<String> groupsNamed() {
        List<String> named = new ArrayList<>(group == null ? List.of() : group);
        children().forEach(c -> named.addAll(c.groupsNamed()));
        return named;
    }

    /** The mailboxes this condition names, for the check against mailboxes.yml. */
    List<EmailAddress> mailboxesNamed() {
        List<EmailAddress> named = new ArrayList<>(mailbox == null ? List.of() : mailbox);
        children().forEach(c -> named.addAll(c.mailboxesNamed()));
        return named;
    }

    private List<ConditionSpec> children() {
        List<ConditionSpec> children = new ArrayList<>();
        if (all != null) {
            children.addAll(all);
        }
        if (any != null) {
            children.addAll(any);
        }
        if (not != null) {
            children.add(not);
        }
        return children;
    }

    Condition compile(BusinessCalendar calendar) {
        List<Condition> parts = new ArrayList<>();
        if (mailbox != null) {
            parts.add(new Condition.InMailbox(Set.copyOf(mailbox)));
        }
        if (from != null) {
            parts.add(new Condition.From(
                    from.stream().map(String::strip).filter(f -> !f.startsWith("@")).map(EmailAddress::of)
                            .collect(Collectors.toSet()),
                    from.stream().map(String::strip).filter(f -> f.startsWith("@"))
                            .map(f -> f.substring(1).toLowerCase(Locale.ROOT)).collect(Collectors.toSet())));
        }
        if (subject != null) {
            parts.add(new Condition.Text("subject", subject));
        }
        if (body != null) {
            parts.add(new Condition.Text("body", body));
        }
        if (tag != null) {
            parts.add(new Condition.HasTag(lower(tag)));
        }
        if (priority != null) {
            parts.add(new Condition.FieldIn("priority", lower(priority)));
        }
        if (status != null) {
            parts.add(new Condition.FieldIn("status", lower(status)));
        }
        if (group != null) {
            parts.add(new Condition.FieldIn("group", lower(group)));
        }
        if (idleFor != null) {
            parts.add(new Condition.IdleFor(idleFor));
        }
        if (businessHours != null) {
            parts.add(new Condition.BusinessHours(businessHours, calendar));
        }
        if (all != null) {
            parts.add(new Condition.All(all.stream().map(c -> c.compile(calendar)).toList()));
        }
        if (any != null) {
            parts.add(new Condition.Any(any.stream().map(c -> c.compile(calendar)).toList()));
        }
        if (not != null) {
            parts.add(new Condition.Not(not.compile(calendar)));
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.All(parts);
    }

    private static Set<String> lower(List<String> values) {
        return values.stream().map(v -> v.strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
