package org.postdesk.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.postdesk.sla.BusinessCalendar;

/**
 * How the report counts time: the business hours of the SLA calendar when {@code conf/sla.yml} sets one,
 * else every hour of the clock. Days (created per day, the period's bounds) are days of its zone.
 *
 * @param calendar the working time counted; every hour when {@code business} is false
 * @param zone the zone whose days the report counts
 * @param business whether {@code calendar} is an SLA calendar rather than the wall clock
 */
public record TimeBasis(BusinessCalendar calendar, ZoneId zone, boolean business) {

    /** Business hours of the SLA calendar, in its zone. */
    public static TimeBasis businessHours(BusinessCalendar calendar) {
        return new TimeBasis(calendar, calendar.zone(), true);
    }

    /** Every hour counts; days are days of {@code zone} (postdesk.yml's timezone). */
    public static TimeBasis wallClock(ZoneId zone) {
        return new TimeBasis(BusinessCalendar.always(), zone, false);
    }

    /** The time counted between two instants; zero when {@code to} is not after {@code from}. */
    public Duration elapsed(Instant from, Instant to) {
        return calendar.elapsed(from, to);
    }

    /** Says which hours the figures count, for the reader of every format. */
    public String description() {
        return business ? "business hours of the SLA calendar (" + calendar + ")"
                : "wall-clock hours (no SLA calendar is set in conf/sla.yml); days in " + zone;
    }
}
