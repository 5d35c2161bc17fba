package org.postdesk.store;

import java.time.Instant;

/**
 * How many rows of a queue ({@code inbox} or {@code outbox}) are in one status, and since when the oldest.
 *
 * @param oldest when the oldest of them was received (inbox) or queued (outbox)
 */
public record QueueRow(String status, long count, Instant oldest) {
}
