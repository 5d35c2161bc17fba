package org.postdesk.rules;

import java.time.Duration;

/** Durations as people read them in reports and mail: {@code 2d 3h}, {@code 45m}, {@code 10s}. */
public final class Durations {

    private Durations() {
    }

    public static String words(Duration d) {
        long s = Math.abs(d.getSeconds());
        String sign = d.isNegative() ? "-" : "";
        if (s < 60) {
            return sign + s + "s";
        }
        long days = s / 86_400;
        long hours = s % 86_400 / 3_600;
        long minutes = s % 3_600 / 60;
        StringBuilder out = new StringBuilder(sign);
        if (days > 0) {
            out.append(days).append("d ");
        }
        if (hours > 0) {
            out.append(hours).append("h ");
        }
        if (minutes > 0 && days == 0) {
            out.append(minutes).append("m ");
        }
        return out.toString().strip();
    }
}
