package org.postdesk.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.postdesk.store.Database;
import org.postdesk.store.HealthMapper;
import org.postdesk.store.QueueRow;

/**
 * The inbox and outbox queues as the database holds them (shared by every instance on it).
 *
 * @param inboxUnprocessed messages stored and not yet processed
 * @param inboxFailed messages whose processing failed, waiting for a retry
 * @param outboxPending mail queued or retrying
 * @param outboxFailed mail given up on
 * @param oldestInbox when the oldest unprocessed or failed message was received
 * @param oldestOutbox when the oldest mail not sent (pending or failed) was queued
 */
public record QueueDepths(long inboxUnprocessed, long inboxFailed, long outboxPending, long outboxFailed,
        Optional<Instant> oldestInbox, Optional<Instant> oldestOutbox) {

    public static QueueDepths read(Database db) {
        return db.inTransaction(s -> {
            HealthMapper health = s.getMapper(HealthMapper.class);
            List<QueueRow> inbox = health.inboxQueue();
            List<QueueRow> outbox = health.outboxQueue();
            return new QueueDepths(count(inbox, "received"), count(inbox, "failed"), count(outbox, "queued"),
                    count(outbox, "failed"), oldest(inbox), oldest(outbox));
        });
    }

    /** How long the oldest mail not sent has waited at {@code now}; zero when there is none. */
    public Duration outboxOldestAge(Instant now) {
        return oldestOutbox.map(at -> Duration.between(at, now)).filter(d -> !d.isNegative()).orElse(Duration.ZERO);
    }

    /** How long the oldest unprocessed or failed message has waited at {@code now}; zero when there is none. */
    public Duration inboxOldestAge(Instant now) {
        return oldestInbox.map(at -> Duration.between(at, now)).filter(d -> !d.isNegative()).orElse(Duration.ZERO);
    }

    private static long count(List<QueueRow> rows, String status) {
        return rows.stream().filter(r -> r.status().equals(status)).mapToLong(QueueRow::count).sum();
    }

    private static Optional<Instant> oldest(List<QueueRow> rows) {
        return rows.stream().map(QueueRow::oldest).filter(java.util.Objects::nonNull).min(Instant::compareTo);
    }
}
