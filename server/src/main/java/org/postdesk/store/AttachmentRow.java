package org.postdesk.store;

/** A row of {@code attachment}: the bytes are in the blob store under {@code sha256}. */
public record AttachmentRow(long id, long messageId, String name, String contentType, long size, String sha256) {
}
