package org.postdesk.ticket;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A task's public id, {@code T-3}. */
public record TaskId(long number) {

    private static final Pattern SHAPE = Pattern.compile("[Tt]-(\\d{1,18})");

    public TaskId {
        if (number < 1) {
            throw new IllegalArgumentException("'T-" + number + "' is not a task id; expected e.g. T-3");
        }
    }

    /** Parses {@code T-3} (any case). */
    public static TaskId parse(String text) {
        Matcher m = SHAPE.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a task id; expected T, '-' and a number,"
                    + " e.g. T-3");
        }
        return new TaskId(Long.parseLong(m.group(1)));
    }

    @Override
    public String toString() {
        return "T-" + number;
    }
}
