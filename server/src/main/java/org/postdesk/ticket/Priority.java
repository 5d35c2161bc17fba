package org.postdesk.ticket;

import java.util.Arrays;
import java.util.Locale;

/** How urgent a ticket is. Stored and shown in lower case. */
public enum Priority {
    LOW, NORMAL, HIGH, URGENT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Priority parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not a priority; use one of "
                    + Arrays.stream(values()).map(Priority::code).toList());
        }
    }
}
