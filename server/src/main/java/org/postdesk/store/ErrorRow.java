package org.postdesk.store;

import java.time.Instant;

/**
 * One recorded error of an inbox message or an outbox mail.
 *
 * @param at when the inbox message failed, or when the outbox mail is tried next
 */
public record ErrorRow(long id, Instant at, String error) {
}
