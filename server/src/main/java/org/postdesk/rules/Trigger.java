package org.postdesk.rules;

import java.util.List;
import java.util.Set;

import org.postdesk.ticket.Actor;

/**
 * One rule of {@code triggers.yml}: on these events, if the condition holds, run the actions.
 *
 * @param enabled false: kept in the file, never run
 * @param condition empty conditions are {@code Condition.All} of nothing, which always holds
 */
public record Trigger(String name, Set<TriggerEvent> when, Condition condition, List<Action> actions,
        boolean enabled) {

    public Trigger {
        when = Set.copyOf(when);
        actions = List.copyOf(actions);
    }

    /** The audit log's actor for this rule's changes. */
    public Actor actor() {
        return new Actor("rule:" + name, "rule");
    }

    public boolean stops() {
        return actions.stream().anyMatch(a -> a instanceof Action.Stop);
    }
}
