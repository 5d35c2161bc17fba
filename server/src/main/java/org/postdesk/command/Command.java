package org.postdesk.command;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.postdesk.mail.EmailAddress;
import org.postdesk.ticket.Priority;
import org.postdesk.ticket.TaskId;
import org.postdesk.ticket.TicketChanges;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketStatus;

/**
 * One command an agent gave, by mail ({@code #close} at the top of a reply) or by the CLI, as read by
 * {@link ParseCommands}: well formed, not yet checked against conf and the ticket ({@link RunCommands}
 * does that). Each record checks its own shape when built.
 */
public sealed interface Command {

    /** {@code #status open|pending|closed}, {@code #close}, {@code #reopen}. */
    record SetStatus(TicketStatus status) implements Command {
        public SetStatus {
            if (status == TicketStatus.NEW || status == TicketStatus.SNOOZED) {
                throw new IllegalArgumentException("a ticket can be set to open, pending or closed, not "
                        + status.code() + (status == TicketStatus.SNOOZED ? "; to snooze write #snooze 2d or"
                        + " #snooze 2026-12-01 09:00" : ""));
            }
        }
    }

    /** {@code #snooze 2d}, {@code #snooze 2026-12-01 09:00}. */
    record Snooze(Instant until) implements Command {
        public Snooze {
            Objects.requireNonNull(until);
        }
    }

    /** {@code #assign bob@example.com}, {@code #assign me}, {@code #assign nobody}. */
    record Assign(Optional<EmailAddress> agent) implements Command {
        public Assign {
            Objects.requireNonNull(agent);
        }
    }

    /** {@code #group billing}. */
    record SetGroup(String group) implements Command {
        public SetGroup {
            if (group == null || !group.matches("[a-z][a-z0-9_-]{0,63}")) {
                throw new IllegalArgumentException("'" + group + "' is not a group name");
            }
        }
    }

    /** {@code #priority low|normal|high|urgent}. */
    record SetPriority(Priority priority) implements Command {
        public SetPriority {
            Objects.requireNonNull(priority);
        }
    }

    /** {@code #tag billing refund}. */
    record Tag(List<String> tags) implements Command {
        public Tag {
            tags = checked(tags);
        }
    }

    /** {@code #untag refund}. */
    record Untag(List<String> tags) implements Command {
        public Untag {
            tags = checked(tags);
        }
    }

    /** {@code #note}: the mail's text becomes an internal note instead of a reply. */
    record Note() implements Command {
    }

    /** {@code #task bob@example.com 2026-12-01 call the courier}. */
    record AddTask(EmailAddress owner, Instant due, String description) implements Command {
        public AddTask {
            Objects.requireNonNull(owner);
            Objects.requireNonNull(due);
            description = description == null ? "" : description.strip();
            if (description.isEmpty()) {
                throw new IllegalArgumentException("a task needs a description after the date, e.g."
                        + " #task me 2026-12-01 call the courier");
            }
            if (description.contains("\n") || description.contains("\r")) {
                throw new IllegalArgumentException("a task description is one line; it becomes a mail subject");
            }
            if (description.length() > 4000) {
                throw new IllegalArgumentException("a task description may be 4000 characters at most, this one has "
                        + description.length());
            }
        }
    }

    /** {@code #done T-3}. */
    record CompleteTask(TaskId task) implements Command {
        public CompleteTask {
            Objects.requireNonNull(task);
        }
    }

    /** {@code #merge SUP-12}: the duplicate SUP-12 is merged into the ticket the mail is about. */
    record Merge(TicketId duplicate) implements Command {
        public Merge {
            Objects.requireNonNull(duplicate);
        }
    }

    private static List<String> checked(List<String> tags) {
        if (tags == null || tags.isEmpty()) {
            throw new IllegalArgumentException("name at least one tag, e.g. #tag billing refund");
        }
        return tags.stream().map(TicketChanges::tag).distinct().toList();
    }
}
