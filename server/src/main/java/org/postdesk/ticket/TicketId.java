package org.postdesk.ticket;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A ticket's public id: the mailbox prefix and a number from the database, e.g. {@code SUP-1042}. */
public record TicketId(String prefix, long number) {

    private static final Pattern SHAPE = Pattern.compile("([A-Za-z][A-Za-z0-9]{1,9})-(\\d{1,18})");

    public TicketId {
        if (prefix == null || !prefix.matches("[A-Z][A-Z0-9]{1,9}") || number < 1) {
            throw new IllegalArgumentException("'" + prefix + "-" + number + "' is not a ticket id; expected e.g. SUP-12");
        }
    }

    /** Parses {@code SUP-12} (any case). */
    public static TicketId parse(String text) {
        Matcher m = SHAPE.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a ticket id; expected a prefix, '-' and a number,"
                    + " e.g. SUP-12");
        }
        return new TicketId(m.group(1).toUpperCase(Locale.ROOT), Long.parseLong(m.group(2)));
    }

    @Override
    public String toString() {
        return prefix + "-" + number;
    }
}
