package org.postdesk.ticket;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Times as agents write and read them: {@code 2026-12-01} or {@code 2026-12-01 09:00}, in the time zone
 * of conf ({@code timezone:} in postdesk.yml). A date alone means the start of that day.
 */
public record LocalTimes(ZoneId zone) {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    public LocalTimes {
        Objects.requireNonNull(zone);
    }

    /** {@code 2026-12-01 09:00 Europe/Lisbon}. */
    public String format(Instant at) {
        return SHOWN.format(at.atZone(zone)) + " " + zone.getId();
    }

    /**
     * Reads a date and an optional time of day.
     *
     * @param time {@code HH:MM}, or null for the start of the day
     */
    public Instant parse(String date, String time) {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + date + "' is not a date; write it as 2026-12-01");
        }
        LocalTime at = LocalTime.MIDNIGHT;
        if (time != null) {
            try {
                at = LocalTime.parse(time.length() == 4 ? "0" + time : time);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + time + "' is not a time of day; write it as 09:00");
            }
        }
        try {
            // atZone moves a time that falls in a daylight-saving gap forward, as people expect.
            return day.atTime(at).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + date + " " + time + "' is not a time in " + zone, e);
        }
    }

    /** Whether {@code text} has the shape of a date, so a parser can tell a date from other words. */
    public static boolean looksLikeDate(String text) {
        return text.matches("\\d{4}-\\d{2}-\\d{2}");
    }

    /** Whether {@code text} has the shape of a time of day. */
    public static boolean looksLikeTime(String text) {
        return text.matches("\\d{1,2}:\\d{2}");
    }
}
