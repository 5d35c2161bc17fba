package org.postdesk.store;

import java.time.Instant;

/**
 * A row of {@code timer}: something to do at {@code dueAt}.
 *
 * @param kind what to do, e.g. {@code snooze} or {@code task-due}; a handler is registered per kind
 * @param ticketId the ticket it concerns, if any
 * @param payload what the handler needs beyond the ticket (a task id, a policy name), or null
 * @param status {@code pending}, {@code fired}, {@code cancelled} or {@code failed}
 */
public record TimerRow(long id, String kind, Long ticketId, Instant dueAt, String payload, String status,
        Instant createdAt, String leaseOwner, Instant leaseUntil, int attempts, String lastError, Instant firedAt,
        Instant cancelledAt) {
}
