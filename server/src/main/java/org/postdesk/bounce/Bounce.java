package org.postdesk.bounce;

import java.util.Optional;

/**
 * What a bounce says about the mail it returns.
 *
 * @param shape which kind of bounce it was read as ({@code dsn}, {@code qmail}, {@code exim}, {@code postfix},
 *     {@code exchange}, {@code gmail}, {@code generic}, or {@code return-path} for mail to a return path of
 *     ours in no shape known)
 * @param outboxId the outbox row its VERP return path names, when it came to a signed one
 * @param originalMessageIds Message-IDs of the returned mail found in the bounce, for matching without VERP
 * @param recipient the address that failed, when the bounce names one
 * @param action the DSN action (RFC 3464 §2.3.3): {@code failed}, {@code delayed}, or {@code unknown}
 * @param status the enhanced status code (RFC 3463), e.g. {@code 5.1.1}; empty when none was given
 * @param diagnostic what the failing server said, on one line
 */
public record Bounce(String shape, Optional<Long> outboxId, java.util.List<String> originalMessageIds,
        Optional<String> recipient, String action, Optional<String> status, String diagnostic) {

    public Bounce {
        originalMessageIds = java.util.List.copyOf(originalMessageIds);
    }

    /** The mail was not delivered (and will not be). */
    public boolean failed() {
        return action.equals("failed");
    }

    /** A permanent failure (5.x.x): the address should get no more automatic mail for a while. */
    public boolean hard() {
        return failed() && status.map(s -> s.startsWith("5.")).orElse(false);
    }

    /** One line for logs and events. */
    public String summary() {
        return action + (status.map(s -> " " + s).orElse("")) + recipient.map(r -> " for " + r).orElse("")
                + (diagnostic.isEmpty() ? "" : ": " + diagnostic) + " (" + shape + ")";
    }
}
