package org.postdesk.ticket;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A ticket as the CLI shows it ({@code ticket list --json}, {@code ticket show --json}). Field names
 * are API: scripts read them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TicketView(String id, String subject, String status, String priority, String customer,
        String assignee, String group, List<String> tags, String mailbox, String language, String followUpOf,
        Instant created, Instant updated, List<String> participants, List<MessageView> messages,
        List<EventView> events) {

    /** One message of a ticket. */
    public record MessageView(String kind, String from, String to, String cc, String subject, String text,
            String visible, String messageId, Instant date, List<AttachmentView> attachments, String problem) {
    }

    /** An attachment; its bytes are in the blob store under {@code sha256}. */
    public record AttachmentView(String name, String contentType, long size, String sha256) {
    }

    /** One entry of the audit log. */
    public record EventView(Instant at, String actor, String via, String type, String detail) {
    }
}
