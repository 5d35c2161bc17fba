package org.postdesk.ticket;

import java.util.Objects;

/**
 * Who made a change and by which way, for the audit log.
 *
 * @param who an address, or {@code postdesk} for the system itself, or a rule's name
 * @param via {@code mail}, {@code cli}, {@code rule} or {@code system}
 */
public record Actor(String who, String via) {

    public Actor {
        Objects.requireNonNull(who);
        if (!via.matches("mail|cli|rule|system")) {
            throw new IllegalArgumentException("via must be mail, cli, rule or system, not '" + via + "'");
        }
    }

    public static Actor system() {
        return new Actor("postdesk", "system");
    }
}
