package org.postdesk.assign;

import java.util.Locale;

/** How a rule picks an agent of a group. */
public enum Strategy {
    /** The next agent after the one picked last, skipping those at their cap. */
    ROUND_ROBIN,
    /** The agent with the fewest new and open tickets; ties go round the group in turn. */
    LEAST_LOADED;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Strategy parse(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
