package org.postdesk.rules;

import java.util.List;

import org.postdesk.outbound.RenderMail;
import org.postdesk.sla.SlaSettings;

/**
 * Everything the admin's rules say, loaded and checked as a whole from {@code conf/triggers.yml},
 * {@code conf/sla.yml} and {@code templates/}. Immutable: a reload builds a new one and swaps it in
 * whole ({@link Rules}), so a message is handled by one version of the rules from start to end.
 *
 * @param templates the templates as they were when these rules were checked
 */
public record RuleSet(List<Trigger> triggers, SlaSettings sla, RenderMail templates) {

    public RuleSet {
        triggers = List.copyOf(triggers);
    }
}
