package org.postdesk.store;

import java.time.Instant;

/**
 * A row of {@code task}: something an agent must do for a ticket by a time.
 *
 * @param status {@code open} or {@code done}
 */
public record TaskRow(long id, long ticketId, String owner, Instant dueAt, String description, String status,
        String createdBy, Instant createdAt, String doneBy, Instant doneAt) {

    public boolean open() {
        return "open".equals(status);
    }
}
