package org.postdesk.conf;

import java.util.List;
import java.util.Objects;

import org.postdesk.mail.EmailAddress;

/**
 * A person who answers tickets.
 *
 * @param address the agent's own mail address
 * @param name the display name shown to customers
 * @param groups the groups the agent works in
 */
public record Agent(EmailAddress address, String name, List<String> groups) {

    public Agent {
        Objects.requireNonNull(address, "address is required, e.g. agent@example.com");
        name = name == null || name.isBlank() ? address.local() : name.strip();
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
