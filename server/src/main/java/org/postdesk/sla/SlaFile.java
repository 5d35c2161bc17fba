package org.postdesk.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.postdesk.mail.EmailAddress;
import org.postdesk.rules.ActionSpec;
import org.postdesk.ticket.Priority;
import org.postdesk.ticket.TicketChanges;
import org.postdesk.ticket.TicketStatus;

/**
 * The contents of {@code conf/sla.yml}.
 *
 * @param calendar the business calendar SLA targets are counted in; absent: every hour counts
 * @param pauseWhen statuses during which the clocks stop (default pending and snoozed; [] never stops)
 * @param policies the first policy matching a ticket applies
 * @param warning when to warn before a target passes, and what to do then
 * @param breach what to do when a target passes unmet
 */
public record SlaFile(CalendarSpec calendar, List<String> pauseWhen, List<Policy> policies, Warning warning,
        Breach breach) {

    public SlaFile {
        pauseWhen = pauseWhen == null ? List.of("pending", "snoozed") : pauseWhen.stream()
                .map(s -> TicketStatus.parse(s).code()).toList();
        if (pauseWhen.contains("closed")) {
            throw new IllegalArgumentException("pauseWhen: closed is not a pause: a closed ticket meets its"
                    + " resolution target; list pending and/or snoozed");
        }
        policies = policies == null ? List.of() : List.copyOf(policies);
    }

    /**
     * Days, hours, holidays and time zone of the working week.
     *
     * @param timeZone an IANA zone such as {@code Europe/Lisbon} (default UTC)
     * @param days e.g. {@code [mon, tue, wed, thu, fri]} (the default)
     * @param hours working periods of each day, e.g. {@code ["09:00-12:30", "13:30-18:00"]} (default 09:00-17:00)
     * @param holidays dates without working hours, e.g. {@code [2026-12-25]}
     */
    public record CalendarSpec(String timeZone, List<String> days, List<String> hours, List<String> holidays) {

        public CalendarSpec {
            toCalendar(timeZone, days, hours, holidays);
        }

        public BusinessCalendar toCalendar() {
            return toCalendar(timeZone, days, hours, holidays);
        }

        private static BusinessCalendar toCalendar(String timeZone, List<String> days, List<String> hours,
                List<String> holidays) {
            ZoneId zone;
            try {
                zone = ZoneId.of(timeZone == null ? "UTC" : timeZone.strip());
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("timeZone '" + timeZone + "' is not a time zone; write e.g."
                        + " Europe/Lisbon or America/New_York");
            }
            Set<DayOfWeek> working = EnumSet.noneOf(DayOfWeek.class);
            for (String d : days == null ? List.of("mon", "tue", "wed", "thu", "fri") : days) {
                working.add(day(d));
            }
            List<BusinessCalendar.Hours> periods = (hours == null ? List.of("09:00-17:00") : hours).stream()
                    .map(BusinessCalendar.Hours::parse).toList();
            Set<LocalDate> off = (holidays == null ? List.<String>of() : holidays).stream().map(h -> {
                try {
                    return LocalDate.parse(h.strip());
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("holiday '" + h + "' is not a date; write e.g. 2026-12-25");
                }
            }).collect(Collectors.toSet());
            return new BusinessCalendar(zone, working, periods, off);
        }

        private static DayOfWeek day(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            for (DayOfWeek d : DayOfWeek.values()) {
                String name = d.name().toLowerCase(Locale.ROOT);
                if (t.length() >= 3 && name.startsWith(t)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not a day; write mon, tue, wed, thu, fri, sat"
                    + " or sun");
        }
    }

    /**
     * Targets for the tickets it matches; every filter given must match, lists mean any of.
     *
     * @param name shown in the audit log and to templates
     * @param priority tickets of these priorities
     * @param mailbox tickets of these mailboxes
     * @param tag tickets with any of these tags
     * @param firstResponse business time from creation to an agent's first reply
     * @param resolution business time from creation to closing
     */
    public record Policy(String name, List<String> priority, List<EmailAddress> mailbox, List<String> tag,
            Duration firstResponse, Duration resolution) {

        public Policy {
            if (name == null || !name.strip().matches("[\\p{L}\\p{N}][\\p{L}\\p{N} _.-]{0,63}")) {
                throw new IllegalArgumentException("policy name '" + name + "' is not valid: letters, digits,"
                        + " spaces, '-', '_' or '.', e.g. urgent");
            }
            name = name.strip();
            priority = priority == null ? List.of() : priority.stream().map(p -> Priority.parse(p).code()).toList();
            mailbox = mailbox == null ? List.of() : List.copyOf(mailbox);
            tag = tag == null ? List.of() : tag.stream().map(TicketChanges::tag).toList();
            if (firstResponse == null && resolution == null) {
                throw new IllegalArgumentException("policy '" + name + "' sets no target; give firstResponse"
                        + " and/or resolution, e.g. 4h");
            }
            for (Duration d : new Duration[] {firstResponse, resolution}) {
                if (d != null && (d.isZero() || d.isNegative())) {
                    throw new IllegalArgumentException("policy '" + name + "': a target must be positive, e.g. 4h");
                }
            }
        }
    }

    /**
     * @param before how long before a target passes to warn (default 1h)
     * @param then the actions; the sla-warning triggers of triggers.yml run too
     */
    public record Warning(Duration before, List<ActionSpec> then) {

        public Warning {
            before = before == null ? Duration.ofHours(1) : before;
            if (before.isNegative() || before.isZero()) {
                throw new IllegalArgumentException("warning before must be positive, e.g. 1h");
            }
            then = then == null ? List.of() : List.copyOf(then);
        }
    }

    /** @param then the actions; the sla-breach triggers of triggers.yml run too */
    public record Breach(List<ActionSpec> then) {

        public Breach {
            then = then == null ? List.of() : List.copyOf(then);
        }
    }
}
