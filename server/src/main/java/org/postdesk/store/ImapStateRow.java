package org.postdesk.store;

import java.time.Instant;

/**
 * A row of {@code imap_state}: one IMAP fetcher's progress and health.
 *
 * @param uidValidity the folder's UIDVALIDITY when {@code lastUid} was taken; null before the first connect
 * @param lastUid the highest UID taken (stored, then flagged or moved); mail above it is new
 * @param state {@code connecting}, {@code connected}, {@code idle}, {@code polling}, {@code failing} or
 *     {@code stopped}, as last written by the instance holding the lease
 * @param owner the instance holding the lease, until {@code leaseUntil}
 */
public record ImapStateRow(String mailbox, String folder, Long uidValidity, long lastUid, String state,
        String owner, Instant leaseUntil, Instant lastSuccess, String lastError, Instant lastErrorAt,
        Instant updatedAt) {
}
