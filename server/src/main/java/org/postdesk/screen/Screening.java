package org.postdesk.screen;

/**
 * What screening found: whether the message was written by a machine, and so must get no automatic
 * answer (RFC 3834 §2), and why.
 */
public record Screening(boolean automated, String reason) {

    public static Screening human() {
        return new Screening(false, "");
    }

    public static Screening automated(String reason) {
        return new Screening(true, reason);
    }
}
