package org.postdesk.conf;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A count in a sliding window, as admins write it: {@code 3 per 1h}, {@code 20 per 10m}.
 *
 * @param count how many are allowed in any window of this length
 * @param window the window's length
 */
public record Rate(int count, Duration window) {

    private static final Pattern SHAPE = Pattern.compile("\\s*(\\d{1,9})\\s+per\\s+(\\S+)\\s*");

    public Rate {
        if (count < 1) {
            throw new IllegalArgumentException("a rate needs a count of at least 1, got " + count
                    + "; to allow nothing, there is no rate: remove the rule that sends");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate needs a window longer than zero, got " + window);
        }
    }

    /** Reads {@code N per DURATION}; the error says what is valid, for conf errors. */
    public static Rate parse(String text) {
        Matcher m = SHAPE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate; write e.g. 3 per 1h or 20 per 10m");
        }
        return new Rate(Integer.parseInt(m.group(1)), DurationText.parse(m.group(2)));
    }

    /** As conf writes it, for messages: {@code 3 per 1h}. */
    @Override
    public String toString() {
        return count + " per " + window.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
