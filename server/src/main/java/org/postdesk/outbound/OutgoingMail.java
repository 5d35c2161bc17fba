package org.postdesk.outbound;

import java.util.List;
import java.util.Optional;

import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParsedAttachment;

/**
 * A mail to send, before it is composed into MIME.
 *
 * @param kind what it is ({@code acknowledgement}, {@code agent-reply}, {@code notification}); stored on the outbox row
 * @param ticketId the ticket it belongs to, if any
 * @param from the sender shown (a support mailbox)
 * @param envelopeFrom the SMTP envelope sender (MAIL FROM), where bounces go
 * @param to the recipients in To
 * @param cc the recipients in Cc
 * @param replyTo where replies should go: a signed reply address
 * @param inReplyTo the Message-ID answered, without brackets; empty for none
 * @param references the thread's Message-IDs, oldest first
 * @param attachments files from the blob store to attach
 * @param autoSubmitted whether a person wrote it: automatic mail carries {@code Auto-Submitted} (RFC 3834)
 */
public record OutgoingMail(String kind, Optional<Long> ticketId, NamedAddress from, String envelopeFrom,
        List<NamedAddress> to, List<NamedAddress> cc, Optional<NamedAddress> replyTo, RenderedMail content,
        String inReplyTo, List<String> references, List<ParsedAttachment> attachments,
        AutoSubmitted autoSubmitted) {

    public OutgoingMail {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        references = List.copyOf(references);
        attachments = List.copyOf(attachments);
        java.util.Objects.requireNonNull(autoSubmitted, "autoSubmitted");
        if (to.isEmpty()) {
            throw new IllegalArgumentException("an outgoing mail needs at least one recipient in To");
        }
        HeaderSafety.check("In-Reply-To", inReplyTo);
        references.forEach(r -> HeaderSafety.check("References", r));
    }
}
