package org.postdesk.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How numbers, durations and names read in the text formats. */
final class Figures {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Figures() {
    }

    /** Hours with two decimals, {@code -} for none: durations are always shown in hours, whatever their size. */
    static String hours(Duration d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.2f", d.toMillis() / 3_600_000.0);
    }

    static String decimal(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    static String percent(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f%%", value);
    }

    static String time(Instant at) {
        return MINUTE.format(at);
    }

    /**
     * A value from users (subject, tag, name) made safe for a terminal or a text file: control characters,
     * terminal escape sequences among them, become spaces.
     */
    static String plain(String text) {
        return text == null ? "-" : text.replaceAll("\\p{Cntrl}", " ");
    }

    /** What the report covers, in words. */
    static String scope(ReportRequest r) {
        return r.from() + " to " + r.to() + ", " + (r.group() == null ? "all groups" : "group " + r.group()) + ", "
                + (r.mailbox() == null ? "all mailboxes" : "mailbox " + r.mailbox());
    }
}
