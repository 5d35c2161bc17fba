package org.postdesk.store;

import java.time.Instant;

/**
 * A row of {@code ticket}, with its customer's address.
 *
 * @param mergedInto the ticket this one was merged into, or null; its id then resolves there
 */
public record TicketRow(long id, String ref, String mailbox, String subject, String status, String priority,
        long customerId, String customerAddress, String assignee, String groupName, String language,
        Instant createdAt, Instant updatedAt, Instant closedAt, Long followUpOf, Long mergedInto) {
}
