package org.postdesk.rules;

import java.util.List;

import org.postdesk.assign.Strategy;
import org.postdesk.mail.EmailAddress;
import org.postdesk.ticket.Priority;
import org.postdesk.ticket.TicketStatus;

/**
 * One thing a trigger (or an SLA warning or breach) does to a ticket. Every change goes through
 * {@link org.postdesk.ticket.TicketChanges}, so it is audited with the rule's name as the actor.
 * Built from conf by {@link ActionSpec}.
 */
public sealed interface Action {

    /** What the action would do, for {@code postdesk rules test}. */
    String describe();

    /** Does it, in the scope's transaction; returns what was done, for the log. */
    String apply(RunActions.Scope scope);

    /**
     * Whether it may change the ticket's row or tags, so that the triggers after it must read the ticket
     * again; true unless the action says otherwise.
     */
    default boolean changesTicket() {
        return true;
    }

    /** Sets the priority. */
    record SetPriority(Priority priority) implements Action {
        @Override
        public String describe() {
            return "set priority " + priority.code();
        }

        @Override
        public String apply(RunActions.Scope s) {
            s.changes().setPriority(s.session(), s.ticket(), priority, s.actor());
            return describe();
        }
    }

    /** Sets the status. */
    record SetStatus(TicketStatus status) implements Action {
        @Override
        public String describe() {
            return "set status " + status.code();
        }

        @Override
        public String apply(RunActions.Scope s) {
            s.changes().setStatus(s.session(), s.ticket(), status, s.actor(), "by rule");
            return describe();
        }
    }

    /** Moves the ticket to a group. */
    record SetGroup(String group) implements Action {
        @Override
        public String describe() {
            return "set group " + group;
        }

        @Override
        public String apply(RunActions.Scope s) {
            s.changes().setGroup(s.session(), s.ticket(), group, s.actor());
            return describe();
        }
    }

    /** Assigns to one agent. */
    record AssignAgent(EmailAddress agent) implements Action {
        @Override
        public String describe() {
            return "assign to " + agent;
        }

        @Override
        public String apply(RunActions.Scope s) {
            s.changes().assign(s.session(), s.ticket(), java.util.Optional.of(agent), s.actor());
            return describe();
        }
    }

    /** Assigns within a group by a strategy, or queues the ticket when everyone is at their cap. */
    record AssignInGroup(String group, Strategy strategy) implements Action {
        @Override
        public String describe() {
            return "assign " + strategy.code() + " in group " + group;
        }

        @Override
        public String apply(RunActions.Scope s) {
            return s.assignments().assign(s.session(), s.ticket(), group, strategy, s.actor());
        }
    }

    /** Adds tags. */
    record AddTags(List<String> tags) implements Action {
        @Override
        public String describe() {
            return "tag " + String.join(" ", tags);
        }

        @Override
        public String apply(RunActions.Scope s) {
            s.changes().addTags(s.session(), s.ticket(), tags, s.actor());
            return describe();
        }
    }

    /** Removes tags. */
    record RemoveTags(List<String> tags) implements Action {
        @Override
        public String describe() {
            return "untag " + String.join(" ", tags);
        }

        @Override
        public String apply(RunActions.Scope s) {
            s.changes().removeTags(s.session(), s.ticket(), tags, s.actor());
            return describe();
        }
    }

    /** Mails a template to the ticket's customer; never to automatic mail (RFC 3834 §2). */
    record MailCustomerTemplate(String template) implements Action {
        @Override
        public boolean changesTicket() {
            return false;
        }

        @Override
        public String describe() {
            return "mail template " + template + " to the customer";
        }

        @Override
        public String apply(RunActions.Scope s) {
            return s.run().mailCustomer(s, template);
        }
    }

    /** Mails a template to agents: the assignee, the group, the group's lead, or one agent. */
    record MailAgentsTemplate(String template, String to) implements Action {
        @Override
        public boolean changesTicket() {
            return false;
        }

        @Override
        public String describe() {
            return "mail template " + template + " to " + (to.contains("@") ? to : "the " + to);
        }

        @Override
        public String apply(RunActions.Scope s) {
            return s.run().mailAgents(s, template, to);
        }
    }

    /** Adds an internal note. */
    record AddNote(String text) implements Action {
        @Override
        public String describe() {
            return "add note \"" + text + "\"";
        }

        @Override
        public String apply(RunActions.Scope s) {
            s.changes().addNote(s.session(), s.ticket(), text, s.actor());
            return "add note";
        }
    }

    /** Runs no later trigger for this event. */
    record Stop() implements Action {
        @Override
        public boolean changesTicket() {
            return false;
        }

        @Override
        public String describe() {
            return "stop: no later trigger runs";
        }

        @Override
        public String apply(RunActions.Scope s) {
            return describe();
        }
    }
}
