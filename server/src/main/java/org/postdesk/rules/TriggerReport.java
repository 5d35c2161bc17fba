package org.postdesk.rules;

import java.util.List;
import java.util.Set;

/**
 * What the triggers made of one event: for each trigger, in order, whether it ran and why or why not,
 * and what its actions did. {@code postdesk rules test} prints it.
 */
public record TriggerReport(String ticket, Set<TriggerEvent> events, List<Entry> entries) {

    public TriggerReport {
        events = Set.copyOf(events);
        entries = List.copyOf(entries);
    }

    /** How a trigger fared. */
    public enum Result {
        MATCHED, MISSED, OTHER_EVENT, DISABLED, AFTER_STOP, ALREADY_RAN
    }

    /** One trigger's line of the report. */
    public record Entry(String trigger, Result result, String why, List<String> actions) {

        public Entry {
            actions = List.copyOf(actions);
        }
    }

    public List<String> matched() {
        return entries.stream().filter(e -> e.result() == Result.MATCHED).map(Entry::trigger).toList();
    }
}
