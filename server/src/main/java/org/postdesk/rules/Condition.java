package org.postdesk.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.postdesk.mail.EmailAddress;
import org.postdesk.sla.BusinessCalendar;

/**
 * A test on a ticket's {@link Facts}. Each says why it held or did not, in words an admin reads in
 * {@code postdesk rules test}. Built from conf by {@link ConditionSpec}.
 */
public sealed interface Condition {

    /** Whether a condition held, and why. */
    record Verdict(boolean holds, String why) {
    }

    Verdict test(Facts facts);

    /**
     * How long a ticket must at least have been idle for {@code condition} to hold: the largest idleFor
     * that every match requires, zero when a match needs none.
     */
    static Duration leastIdle(Condition condition) {
        if (condition instanceof IdleFor idle) {
            return idle.atLeast();
        }
        if (condition instanceof All all) {
            return all.parts().stream().map(Condition::leastIdle).max(Duration::compareTo).orElse(Duration.ZERO);
        }
        if (condition instanceof Any any) {
            return any.parts().stream().map(Condition::leastIdle).min(Duration::compareTo).orElse(Duration.ZERO);
        }
        return Duration.ZERO;
    }

    /** Every part holds. */
    record All(List<Condition> parts) implements Condition {
        @Override
        public Verdict test(Facts f) {
            List<String> reasons = new ArrayList<>();
            for (Condition c : parts) {
                Verdict v = c.test(f);
                if (!v.holds()) {
                    return v;
                }
                reasons.add(v.why());
            }
            return new Verdict(true, reasons.isEmpty() ? "no conditions" : String.join("; ", reasons));
        }
    }

    /** At least one part holds. */
    record Any(List<Condition> parts) implements Condition {
        @Override
        public Verdict test(Facts f) {
            List<String> reasons = new ArrayList<>();
            for (Condition c : parts) {
                Verdict v = c.test(f);
                if (v.holds()) {
                    return v;
                }
                reasons.add(v.why());
            }
            return new Verdict(false, "none of these held: " + String.join("; ", reasons));
        }
    }

    /** The part does not hold. */
    record Not(Condition part) implements Condition {
        @Override
        public Verdict test(Facts f) {
            Verdict v = part.test(f);
            return new Verdict(!v.holds(), (v.holds() ? "" : "not: ") + v.why()
                    + (v.holds() ? " (and the rule says it must not)" : ""));
        }
    }

    /** The ticket belongs to one of these mailboxes. */
    record InMailbox(Set<EmailAddress> mailboxes) implements Condition {
        @Override
        public Verdict test(Facts f) {
            boolean in = mailboxes.contains(f.mailbox().address());
            return new Verdict(in, "mailbox " + f.mailbox().address() + (in ? " is" : " is not") + " one of "
                    + mailboxes.stream().map(EmailAddress::value).sorted().toList());
        }
    }

    /** The message is from one of these addresses, or from one of these domains ({@code @example.com}). */
    record From(Set<EmailAddress> addresses, Set<String> domains) implements Condition {
        @Override
        public Verdict test(Facts f) {
            if (f.sender().isEmpty()) {
                return new Verdict(false, "no message, so no sender to compare with " + wanted());
            }
            EmailAddress a = f.sender().get().address();
            String domain = a.domain().toLowerCase(java.util.Locale.ROOT);
            boolean hit = addresses.contains(a)
                    || domains.stream().anyMatch(d -> domain.equals(d) || domain.endsWith("." + d));
            return new Verdict(hit, "sender " + a + (hit ? " is" : " is not") + " " + wanted());
        }

        private String wanted() {
            List<String> all = new ArrayList<>(addresses.stream().map(EmailAddress::value).sorted().toList());
            domains.stream().sorted().map(d -> "@" + d).forEach(all::add);
            return "one of " + all;
        }
    }

    /** The subject or the new text matches. */
    record Text(String field, TextMatch match) implements Condition {
        @Override
        public Verdict test(Facts f) {
            String text = field.equals("subject") ? f.subject() : f.body();
            Optional<String> found = match.find(text);
            return found.map(m -> new Verdict(true, field + " has " + m))
                    .orElseGet(() -> new Verdict(false, field + " has " + match.miss()));
        }
    }

    /** The ticket has at least one of these tags. */
    record HasTag(Set<String> tags) implements Condition {
        @Override
        public Verdict test(Facts f) {
            List<String> have = f.tags().stream().filter(tags::contains).toList();
            return new Verdict(!have.isEmpty(), have.isEmpty() ? "tags " + f.tags() + " include none of "
                    + tags.stream().sorted().toList() : "tagged " + have.get(0));
        }
    }

    /** A ticket field (priority, status, group) has one of these values. */
    record FieldIn(String field, Set<String> values) implements Condition {
        @Override
        public Verdict test(Facts f) {
            String value = switch (field) {
                case "priority" -> f.ticket().priority();
                case "status" -> f.ticket().status();
                default -> f.ticket().groupName() == null ? "" : f.ticket().groupName();
            };
            boolean in = values.contains(value);
            return new Verdict(in, field + " " + (value.isEmpty() ? "(none)" : value) + (in ? " is" : " is not")
                    + " one of " + values.stream().sorted().toList());
        }
    }

    /** Nothing has happened to the ticket for at least this long (wall-clock time). */
    record IdleFor(Duration atLeast) implements Condition {
        @Override
        public Verdict test(Facts f) {
            Duration idle = Duration.between(f.ticket().updatedAt(), f.now());
            boolean held = idle.compareTo(atLeast) >= 0;
            return new Verdict(held, "last update " + Durations.words(idle) + " ago, "
                    + (held ? "at least " : "less than ") + Durations.words(atLeast));
        }
    }

    /** The time now is (or is not) inside the business hours of the SLA calendar. */
    record BusinessHours(boolean inside, BusinessCalendar calendar) implements Condition {
        @Override
        public Verdict test(Facts f) {
            boolean open = calendar.isOpen(f.now());
            return new Verdict(open == inside, f.now().atZone(calendar.zone()).toLocalDateTime().withNano(0)
                    + " " + calendar.zone() + " is " + (open ? "inside" : "outside") + " business hours");
        }
    }
}
