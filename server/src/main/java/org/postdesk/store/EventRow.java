package org.postdesk.store;

import java.time.Instant;

/** A row of the audit log. */
public record EventRow(long id, long ticketId, Instant at, String actor, String via, String type, String detail) {
}
