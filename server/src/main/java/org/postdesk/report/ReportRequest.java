package org.postdesk.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * What a report covers: the days from {@code from} to {@code to}, both included, and optionally one
 * group's or one mailbox's tickets.
 *
 * @param group a group of agents.yml, or null for all
 * @param mailbox a mailbox address of mailboxes.yml, or null for all
 */
public record ReportRequest(LocalDate from, LocalDate to, String group, String mailbox) {

    /** The default period: the last 30 days, today included. */
    public static final int DEFAULT_DAYS = 30;

    /** A report of more days than this is more likely a typo in a date than a wish. */
    public static final int MAX_DAYS = 3660;

    public ReportRequest {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--from " + from + " is after --to " + to
                    + "; give the first and the last day of the period");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw new IllegalArgumentException("the period " + from + " to " + to + " is longer than " + MAX_DAYS
                    + " days; check the dates");
        }
        group = group == null || group.isBlank() ? null : group.strip();
        mailbox = mailbox == null || mailbox.isBlank() ? null : mailbox.strip();
    }

    /** The first instant of the period: {@code from} at midnight in {@code zone}. */
    public Instant start(ZoneId zone) {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The first instant after the period: the day after {@code to} at midnight in {@code zone}. */
    public Instant end(ZoneId zone) {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
