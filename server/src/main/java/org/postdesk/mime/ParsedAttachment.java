package org.postdesk.mime;

/** An attachment whose bytes went to the blob store while the message was parsed. */
public record ParsedAttachment(String name, String contentType, long size, String sha256) {
}
