package org.postdesk.conf;

import java.time.Duration;

/**
 * Limits that keep automatic mail from looping or storming ({@code limits:} in postdesk.yml). Counted
 * in the database, so they hold across instances. Automatic mail is what no person wrote in answer to
 * someone: acknowledgements, triggered mail to customers, error replies to agents.
 *
 * @param perRecipient automatic mails one address may get in a sliding window (default 3 per 1h)
 * @param perTicket automatic mails one ticket may send (default 10 per 1h)
 * @param perRecipientDaily automatic mails one address may get overall in a day (default 10 per 24h)
 * @param senderMessages messages one sender may send before the rest are marked as a flood: still stored
 *     and threaded, never answered automatically (default 20 per 10m)
 * @param hardBounceSuppression how long an address that hard-bounced (5.x.x) gets no automatic mail
 *     (default 7d)
 */
public record LimitsSettings(Rate perRecipient, Rate perTicket, Rate perRecipientDaily, Rate senderMessages,
        Duration hardBounceSuppression) {

    public LimitsSettings {
        perRecipient = perRecipient == null ? new Rate(3, Duration.ofHours(1)) : perRecipient;
        perTicket = perTicket == null ? new Rate(10, Duration.ofHours(1)) : perTicket;
        perRecipientDaily = perRecipientDaily == null ? new Rate(10, Duration.ofDays(1)) : perRecipientDaily;
        senderMessages = senderMessages == null ? new Rate(20, Duration.ofMinutes(10)) : senderMessages;
        hardBounceSuppression = hardBounceSuppression == null ? Duration.ofDays(7) : hardBounceSuppression;
        if (hardBounceSuppression.isNegative()) {
            throw new IllegalArgumentException("hardBounceSuppression must not be negative, got "
                    + hardBounceSuppression);
        }
    }

    public static LimitsSettings defaults() {
        return new LimitsSettings(null, null, null, null, null);
    }
}
