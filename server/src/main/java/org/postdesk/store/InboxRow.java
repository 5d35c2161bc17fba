package org.postdesk.store;

import java.time.Instant;

/** A row of {@code inbox}: one received message and what became of it. */
public record InboxRow(long id, Instant receivedAt, String source, String mailbox, String envelopeFrom,
        String envelopeTo, String authenticatedAs, String remoteAddress, String rawSha256, long rawSize,
        String status, String outcome, Long ticketId, int attempts, String error, Instant processedAt) {
}
