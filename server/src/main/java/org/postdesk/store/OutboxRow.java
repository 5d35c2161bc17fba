package org.postdesk.store;

import java.time.Instant;

/** A row of {@code outbox}: one rendered mail and its delivery state. */
public record OutboxRow(long id, Long ticketId, String kind, String messageId, String envelopeFrom,
        String recipients, byte[] raw, String status, int attempts, Instant nextAttemptAt, String leaseOwner,
        Instant leaseUntil, String lastError, Instant createdAt, Instant sentAt) {
}
