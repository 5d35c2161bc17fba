package org.postdesk.ticket;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A ticket as the CLI shows it ({@code ticket list --json}, {@code ticket show --json}). Field names
 * are API: scripts read them.
 *
 * @param snoozedUntil when a snoozed ticket comes back
 * @param mergedInto the ticket this one was merged into (its id resolves there)
 * @param mergedFrom the tickets merged into this one, whose messages and history it holds
 * @param tasks the ticket's tasks, open and done ({@code show} only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TicketView(String id, String subject, String status, String priority, String customer,
        String assignee, String group, List<String> tags, String mailbox, String language, String followUpOf,
        Instant created, Instant updated, Instant snoozedUntil, String mergedInto, List<String> mergedFrom,
        List<String> participants, List<MessageView> messages, List<EventView> events, List<TaskView> tasks) {

    /** One message of a ticket. */
    public record MessageView(String kind, String from, String to, String cc, String subject, String text,
            String visible, String messageId, Instant date, List<AttachmentView> attachments, String problem) {
    }

    /** An attachment; its bytes are in the blob store under {@code sha256}. */
    public record AttachmentView(String name, String contentType, long size, String sha256) {
    }

    /**
     * One entry of the audit log.
     *
     * @param ticket the ticket it was written on, when that is one merged into the shown ticket
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventView(Instant at, String actor, String via, String type, String detail, String ticket) {
    }
}
