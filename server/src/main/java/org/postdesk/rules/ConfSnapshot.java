package org.postdesk.rules;

import org.postdesk.conf.Config;

/**
 * One version of everything in conf/ and templates/: the server's conf and the rules checked against
 * it. A reload builds a whole new one and swaps it in by one reference ({@link Rules}), so a rule never
 * names a group, agent or mailbox that the conf beside it lacks.
 */
public record ConfSnapshot(Config config, RuleSet rules) {
}
