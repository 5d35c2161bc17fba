package org.postdesk.store;

/** The searchable text of one message: what {@code ticket list --text} reads of it. */
public record MessageText(long ticketId, String subject, String textBody) {
}
