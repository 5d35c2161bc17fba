package org.postdesk.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.postdesk.assign.Strategy;
import org.postdesk.mail.EmailAddress;
import org.postdesk.ticket.Priority;
import org.postdesk.ticket.TicketChanges;
import org.postdesk.ticket.TicketStatus;

/**
 * An action as written under {@code then:} in {@code triggers.yml} or in {@code sla.yml}: a map with
 * exactly one key, so a list of actions reads (and runs) top to bottom.
 *
 * @param priority set the priority: low, normal, high, urgent
 * @param status set the status: new, open, pending, snoozed, closed
 * @param group move the ticket to a group of agents.yml
 * @param assign {@code {agent: bob@example.com}}, {@code {roundRobin: support}} or {@code {leastLoaded: support}}
 * @param tag add these tags
 * @param untag remove these tags
 * @param mailCustomer mail this template to the customer
 * @param mailAgents {@code {template: sla-breach, to: lead}}; to is assignee, group, lead or an agent's address
 * @param note add this internal note
 * @param stop {@code true}: no later trigger runs for this event
 */
public record ActionSpec(String priority, String status, String group, AssignSpec assign, List<String> tag,
        List<String> untag, String mailCustomer, MailAgentsSpec mailAgents, String note, Boolean stop) {

    static final List<String> KEYS = List.of("priority", "status", "group", "assign", "tag", "untag",
            "mailCustomer", "mailAgents", "note", "stop");

    public ActionSpec {
        if (priority != null) {
            Priority.parse(priority);
        }
        if (status != null) {
            TicketStatus.parse(status);
        }
        if (stop != null && !stop) {
            throw new IllegalArgumentException("stop: false does nothing; leave it out");
        }
        if (mailCustomer != null) {
            TemplateName.check(mailCustomer);
        }
        Stream.concat(tag == null ? Stream.of() : tag.stream(), untag == null ? Stream.of() : untag.stream())
                .forEach(TicketChanges::tag);
    }

    /**
     * Checks what a constructor cannot: that exactly one key was given. Run after binding, so that a
     * misspelt key is reported as unknown first (Jackson builds a record before it reports unknown keys).
     */
    void check() {
        long given = Stream.of(priority, status, group, assign, tag, untag, mailCustomer, mailAgents, note, stop)
                .filter(java.util.Objects::nonNull).count();
        if (given != 1) {
            throw new IllegalArgumentException((given == 0 ? "an empty action" : "an action with " + given + " keys")
                    + "; write one key per action, one of " + KEYS);
        }
    }

    /**
     * How to assign.
     *
     * @param agent this agent
     * @param roundRobin the next agent of this group in turn, skipping those at their cap
     * @param leastLoaded the agent of this group with the fewest new and open tickets
     */
    public record AssignSpec(EmailAddress agent, String roundRobin, String leastLoaded) {

        public AssignSpec {
            long given = Stream.of(agent, roundRobin, leastLoaded).filter(java.util.Objects::nonNull).count();
            if (given != 1) {
                throw new IllegalArgumentException("assign takes one of agent, roundRobin or leastLoaded, e.g."
                        + " {roundRobin: support}");
            }
        }
    }

    /**
     * A template for agents.
     *
     * @param template the template's name under templates/LANG/
     * @param to {@code assignee} (else the group), {@code group}, {@code lead} (else the group) or an agent's address
     */
    public record MailAgentsSpec(String template, String to) {

        public MailAgentsSpec {
            TemplateName.check(template);
            to = to == null ? "assignee" : to.strip().toLowerCase(Locale.ROOT);
            if (!to.matches("assignee|group|lead") && !to.contains("@")) {
                throw new IllegalArgumentException("to: '" + to
                        + "' is not assignee, group, lead or an agent's address");
            }
            if (to.contains("@")) {
                EmailAddress.of(to);
            }
        }
    }

    /** The templates this action mails, for the check that each exists. */
    List<String> templates() {
        List<String> names = new ArrayList<>();
        if (mailCustomer != null) {
            names.add(mailCustomer);
        }
        if (mailAgents != null) {
            names.add(mailAgents.template());
        }
        return names;
    }

    /** The groups and agents this action names, for the check against agents.yml. */
    List<String> groupsNamed() {
        List<String> groups = new ArrayList<>();
        if (group != null) {
            groups.add(group.strip().toLowerCase(Locale.ROOT));
        }
        if (assign != null && assign.roundRobin() != null) {
            groups.add(assign.roundRobin().strip().toLowerCase(Locale.ROOT));
        }
        if (assign != null && assign.leastLoaded() != null) {
            groups.add(assign.leastLoaded().strip().toLowerCase(Locale.ROOT));
        }
        return groups;
    }

    /** The groups this action assigns within. */
    List<String> assignedGroups() {
        return assign == null || assign.agent() != null ? List.of() : groupsNamed();
    }

    List<EmailAddress> agentsNamed() {
        List<EmailAddress> agents = new ArrayList<>();
        if (assign != null && assign.agent() != null) {
            agents.add(assign.agent());
        }
        if (mailAgents != null && mailAgents.to().contains("@")) {
            agents.add(EmailAddress.of(mailAgents.to()));
        }
        return agents;
    }

    Action compile() {
        if (priority != null) {
            return new Action.SetPriority(Priority.parse(priority));
        }
        if (status != null) {
            return new Action.SetStatus(TicketStatus.parse(status));
        }
        if (group != null) {
            return new Action.SetGroup(group.strip().toLowerCase(Locale.ROOT));
        }
        if (assign != null) {
            if (assign.agent() != null) {
                return new Action.AssignAgent(assign.agent());
            }
            return assign.roundRobin() != null
                    ? new Action.AssignInGroup(groupsNamed().get(0), Strategy.ROUND_ROBIN)
                    : new Action.AssignInGroup(groupsNamed().get(0), Strategy.LEAST_LOADED);
        }
        if (tag != null) {
            return new Action.AddTags(List.copyOf(tag));
        }
        if (untag != null) {
            return new Action.RemoveTags(List.copyOf(untag));
        }
        if (mailCustomer != null) {
            return new Action.MailCustomerTemplate(mailCustomer.strip());
        }
        if (mailAgents != null) {
            return new Action.MailAgentsTemplate(mailAgents.template().strip(), mailAgents.to());
        }
        if (note != null) {
            return new Action.AddNote(note);
        }
        return new Action.Stop();
    }
}
