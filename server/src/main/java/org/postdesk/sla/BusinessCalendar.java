package org.postdesk.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Working time: the days and hours a team works, less holidays, in one time zone. SLA targets are
 * counted in it: four business hours from Friday 16:00 on a 9-17 calendar end on Monday at 12:00.
 *
 * <p>Hours are wall-clock times of the zone, so a working day that a DST change shortens or lengthens
 * counts what the clocks really showed (a 00:00-24:00 day is 23 hours on the spring change).
 */
public final class BusinessCalendar {

    /** A working period of a day; {@code end} empty (written 24:00) is the end of the day. */
    public record Hours(LocalTime start, LocalTime end) {

        public Hours {
            if (end != null && !start.isBefore(end)) {
                throw new IllegalArgumentException("working hours " + start + "-" + end
                        + " end before they start; write e.g. 09:00-17:00, or 22:00-24:00 and 00:00-06:00");
            }
        }

        /** Parses {@code 09:00-17:00}; {@code 24:00} is the end of the day. */
        public static Hours parse(String text) {
            String[] parts = text == null ? new String[0] : text.strip().split("\\s*-\\s*");
            try {
                if (parts.length == 2) {
                    LocalTime end = parts[1].equals("24:00") ? null : LocalTime.parse(parts[1]);
                    return new Hours(LocalTime.parse(parts[0]), end);
                }
            } catch (java.time.format.DateTimeParseException e) {
                // fall through to the error that says what is valid
            }
            throw new IllegalArgumentException("'" + text + "' are not working hours; write e.g. 09:00-17:00");
        }

        @Override
        public String toString() {
            return start + "-" + (end == null ? "24:00" : end.toString());
        }
    }

    /** Holidays and closed days may make working time rare, never absent for longer than this. */
    private static final int MAX_DAYS_SEARCHED = 3660;

    private final ZoneId zone;
    private final Set<DayOfWeek> days;
    private final List<Hours> hours;
    private final Set<LocalDate> holidays;

    public BusinessCalendar(ZoneId zone, Set<DayOfWeek> days, List<Hours> hours, Set<LocalDate> holidays) {
        if (days.isEmpty() || hours.isEmpty()) {
            throw new IllegalArgumentException("a calendar needs at least one working day and one period of hours");
        }
        List<Hours> sorted = hours.stream().sorted(java.util.Comparator.comparing(Hours::start)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            LocalTime previousEnd = sorted.get(i - 1).end();
            if (previousEnd == null || previousEnd.isAfter(sorted.get(i).start())) {
                throw new IllegalArgumentException("working hours " + sorted.get(i - 1) + " and " + sorted.get(i)
                        + " overlap");
            }
        }
        this.zone = zone;
        this.days = Set.copyOf(EnumSet.copyOf(days));
        this.hours = sorted;
        this.holidays = Set.copyOf(holidays);
    }

    /** Every hour of every day, in UTC: the calendar when none is configured. */
    public static BusinessCalendar always() {
        return new BusinessCalendar(ZoneId.of("UTC"), EnumSet.allOf(DayOfWeek.class),
                List.of(new Hours(LocalTime.MIDNIGHT, null)), Set.of());
    }

    public ZoneId zone() {
        return zone;
    }

    /** The working time between two instants; zero when {@code to} is not after {@code from}. */
    public Duration elapsed(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        Duration total = Duration.ZERO;
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate day = from.atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            for (Instant[] period : periods(day)) {
                Instant start = period[0].isAfter(from) ? period[0] : from;
                Instant end = period[1].isBefore(to) ? period[1] : to;
                if (end.isAfter(start)) {
                    total = total.plus(Duration.between(start, end));
                }
            }
        }
        return total;
    }

    /** The instant when {@code amount} of working time has passed after {@code from}. */
    public Instant plus(Instant from, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("cannot add a negative duration " + amount);
        }
        Duration left = amount;
        LocalDate day = from.atZone(zone).toLocalDate();
        for (int searched = 0; searched < MAX_DAYS_SEARCHED; searched++, day = day.plusDays(1)) {
            for (Instant[] period : periods(day)) {
                Instant start = period[0].isAfter(from) ? period[0] : from;
                if (!period[1].isAfter(start)) {
                    continue;
                }
                Duration available = Duration.between(start, period[1]);
                if (left.compareTo(available) <= 0) {
                    // Zero left lands on the start of the next working period, not on a closed hour.
                    return start.plus(left);
                }
                left = left.minus(available);
            }
        }
        throw new IllegalStateException("no working time within " + MAX_DAYS_SEARCHED + " days after " + from
                + "; check the calendar's days and holidays");
    }

    /** Whether {@code at} falls in working time. */
    public boolean isOpen(Instant at) {
        for (Instant[] period : periods(at.atZone(zone).toLocalDate())) {
            if (!at.isBefore(period[0]) && at.isBefore(period[1])) {
                return true;
            }
        }
        return false;
    }

    private List<Instant[]> periods(LocalDate day) {
        if (!days.contains(day.getDayOfWeek()) || holidays.contains(day)) {
            return List.of();
        }
        return hours.stream().map(h -> new Instant[] {
            // ZonedDateTime.of moves a time in a DST gap forward and takes the earlier offset in an overlap.
            ZonedDateTime.of(day, h.start(), zone).toInstant(),
            h.end() == null ? day.plusDays(1).atStartOfDay(zone).toInstant()
                    : ZonedDateTime.of(day, h.end(), zone).toInstant()}).toList();
    }

    @Override
    public String toString() {
        // EnumSet: the days in week order (the stored Set.copyOf has none), for reports and conf check output.
        return EnumSet.copyOf(days) + " " + hours + " " + zone + (holidays.isEmpty() ? "" : ", " + holidays.size() + " holidays");
    }
}
