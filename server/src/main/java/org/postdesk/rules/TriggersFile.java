package org.postdesk.rules;

import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The contents of {@code conf/triggers.yml}: the triggers, run in the order written.
 */
public record TriggersFile(List<TriggerSpec> triggers) {

    public TriggersFile {
        triggers = triggers == null ? List.of() : List.copyOf(triggers);
    }

    /**
     * One trigger as written.
     *
     * @param name unique; shown in the audit log as {@code rule:NAME}
     * @param when the events it runs on: ticket-created, customer-replied, agent-replied, status-changed,
     *     sla-warning, sla-breach, time-passed
     * @param condition ({@code if:}) what must hold; leave out to always run
     * @param then the actions, run top to bottom
     * @param enabled false keeps the trigger in the file without running it
     */
    public record TriggerSpec(String name, List<String> when,
            @JsonProperty("if") ConditionSpec condition, List<ActionSpec> then,
            Boolean enabled) {

        private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.-]{0,99}");

        public TriggerSpec {
            if (name == null || !NAME.matcher(name.strip()).matches()) {
                throw new IllegalArgumentException("name '" + name + "' is not valid: letters, digits, spaces, '-',"
                        + " '_' or '.', at most 100 characters, e.g. acknowledge new tickets");
            }
            name = name.strip();
            when = when == null ? List.of() : List.copyOf(when);
            when.forEach(TriggerEvent::parse);
            then = then == null ? List.of() : List.copyOf(then);
            enabled = enabled == null || enabled;
        }

        /** Checks, after binding, what must be there (see {@link ActionSpec#check()}). */
        void check() {
            if (when.isEmpty()) {
                throw new IllegalArgumentException("needs when: the events it runs on, e.g. when: ticket-created");
            }
            if (then.isEmpty()) {
                throw new IllegalArgumentException("needs then: at least one action");
            }
            then.forEach(ActionSpec::check);
            if (condition != null) {
                condition.check();
            }
        }
    }
}
