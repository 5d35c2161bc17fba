package org.postdesk.outbound;

import java.util.List;
import java.util.Optional;

import org.postdesk.mime.NamedAddress;

/**
 * A mail to send, before it is composed into MIME.
 *
 * @param kind what it is, e.g. {@code acknowledgement}; stored on the outbox row
 * @param ticketId the ticket it belongs to, if any
 * @param from the sender shown (a support mailbox)
 * @param envelopeFrom the SMTP envelope sender (MAIL FROM), where bounces go
 * @param to the recipients
 * @param replyTo where replies should go, when not to {@code from}
 * @param inReplyTo the Message-ID answered, without brackets; empty for none
 * @param references the thread's Message-IDs, oldest first
 * @param automatic true for mail no person wrote: it carries {@code Auto-Submitted: auto-replied} (RFC 3834)
 */
public record OutgoingMail(String kind, Optional<Long> ticketId, NamedAddress from, String envelopeFrom,
        List<NamedAddress> to, Optional<NamedAddress> replyTo, RenderedMail content, String inReplyTo,
        List<String> references, boolean automatic) {

    public OutgoingMail {
        to = List.copyOf(to);
        references = List.copyOf(references);
        if (to.isEmpty()) {
            throw new IllegalArgumentException("an outgoing mail needs at least one recipient");
        }
        HeaderSafety.check("In-Reply-To", inReplyTo);
        references.forEach(r -> HeaderSafety.check("References", r));
    }
}
