package org.postdesk.outbound;

/** A template's output: the subject from its {@code Subject:} line and the body after the blank line. */
public record RenderedMail(String subject, String body) {

    public RenderedMail {
        HeaderSafety.check("Subject", subject);
    }
}
