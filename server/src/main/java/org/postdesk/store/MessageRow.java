package org.postdesk.store;

import java.time.Instant;

/** A row of {@code ticket_message}. */
public record MessageRow(long id, long ticketId, Long inboxId, Long outboxId, String kind, String messageId,
        String contentHash, String fromAddress, String fromName, String toAddresses, String ccAddresses,
        String subject, Instant sentDate, String textBody, String htmlBody, String visibleText, String parseProblem,
        Instant createdAt) {
}
