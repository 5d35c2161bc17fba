package org.postdesk.conf;

import java.util.Optional;
import java.util.regex.Pattern;

import org.postdesk.mail.EmailAddress;

/**
 * A team of agents, e.g. {@code support} or {@code billing}.
 *
 * @param name lower-case name: letters, digits, '-' and '_'
 * @param lead the agent told about SLA warnings and breaches of the group's tickets; optional
 */
public record Group(String name, EmailAddress lead) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    public Group {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("group name '" + name
                    + "' is not valid: use lower-case letters, digits, '-' or '_', e.g. billing");
        }
    }

    public Group(String name) {
        this(name, null);
    }

    public Optional<EmailAddress> leadAddress() {
        return Optional.ofNullable(lead);
    }
}
