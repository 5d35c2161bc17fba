package org.postdesk.screen;

import java.util.Optional;

import org.postdesk.bounce.Bounce;

/**
 * What screening found: whether the message was written by a machine, and so must get no automatic
 * answer (RFC 3834 §2), and why; and whether it is a bounce of our mail, which is recorded on the mail
 * it returns and never opens a ticket.
 */
public record Screening(boolean automated, String reason, Optional<Bounce> bounce) {

    public static Screening human() {
        return new Screening(false, "", Optional.empty());
    }

    public static Screening automated(String reason) {
        return new Screening(true, reason, Optional.empty());
    }

    public static Screening bounce(Bounce bounce) {
        return new Screening(true, "a bounce: " + bounce.summary(), Optional.of(bounce));
    }
}
