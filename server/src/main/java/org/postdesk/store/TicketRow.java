package org.postdesk.store;

import java.time.Instant;

/** A row of {@code ticket}, with its customer's address. */
public record TicketRow(long id, String ref, String mailbox, String subject, String status, String priority,
        long customerId, String customerAddress, String assignee, String groupName, String language,
        Instant createdAt, Instant updatedAt, Instant closedAt, Long followUpOf) {
}
