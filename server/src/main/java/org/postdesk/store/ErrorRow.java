package org.postdesk.store;

import java.time.Instant;

/**
 * One recorded error of an inbox message or an outbox mail.
 *
 * @param at when the message failed, or for outbox mail when it is tried next
 */
public record ErrorRow(long id, Instant at, String error) {
}
