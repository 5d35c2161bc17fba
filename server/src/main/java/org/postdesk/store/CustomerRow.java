package org.postdesk.store;

import java.time.Instant;

/** A row of {@code customer}: one per address. */
public record CustomerRow(long id, String address, String name, Instant createdAt) {
}
