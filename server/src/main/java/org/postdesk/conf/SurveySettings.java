package org.postdesk.conf;

import java.time.Duration;

/**
 * Satisfaction surveys by mail ({@code surveys:} in postdesk.yml).
 *
 * @param enabled whether a closed ticket's customer gets a survey mail (default false: mailing customers
 *     about their satisfaction is the admin's choice)
 * @param delay how long after closing the survey goes out; a ticket reopened meanwhile gets none (default 1d)
 */
public record SurveySettings(Boolean enabled, Duration delay) {

    public SurveySettings {
        enabled = enabled != null && enabled;
        delay = delay == null ? Duration.ofDays(1) : delay;
        if (delay.isNegative() || delay.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("delay " + delay
                    + " is out of range 0s-365d; write e.g. 1d or 4h");
        }
    }

    public static SurveySettings defaults() {
        return new SurveySettings(null, null);
    }
}
