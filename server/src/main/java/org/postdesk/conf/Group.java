package org.postdesk.conf;

import java.util.regex.Pattern;

/**
 * A team of agents, e.g. {@code support} or {@code billing}.
 *
 * @param name lower-case name: letters, digits, '-' and '_'
 */
public record Group(String name) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    public Group {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("group name '" + name
                    + "' is not valid: use lower-case letters, digits, '-' or '_', e.g. billing");
        }
    }
}
