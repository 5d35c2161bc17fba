package org.postdesk.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.postdesk.Postdesk;
import org.postdesk.intake.Envelope;
import org.postdesk.intake.MessageTooLarge;
import org.postdesk.mail.EmailAddress;
import org.postdesk.pipeline.Outcome;

/** Feeds raw messages through intake and the pipeline, as SMTP would, without a socket. */
public final class Ingest {

    private Ingest() {
    }

    /** Delivers {@code raw} to {@code rcpt} (a mailbox address, possibly with a +detail). */
    public static Outcome raw(Postdesk postdesk, String envelopeFrom, String rcpt, String raw) {
        EmailAddress recipient = EmailAddress.of(rcpt);
        EmailAddress mailbox = postdesk.config().mailbox(recipient).orElseThrow().address();
        try {
            long id = postdesk.intake().accept(new Envelope("smtp", mailbox, envelopeFrom, List.of(recipient), "",
                    "test"), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
            return postdesk.pipeline().process(id);
        } catch (MessageTooLarge e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain message in the shape most clients send. */
    public static String mail(String from, String to, String subject, String messageId, String headers,
            String body) {
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + messageId
                + ">\r\nDate: Tue, 24 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n" + headers
                + "\r\n" + body + "\r\n";
    }
}
