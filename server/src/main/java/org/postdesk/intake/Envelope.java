package org.postdesk.intake;

import java.util.List;
import java.util.Objects;

import org.postdesk.mail.EmailAddress;

/**
 * How a message reached us: the SMTP envelope, or its equivalent for IMAP and file ingest.
 *
 * @param source {@code smtp}, {@code imap}, {@code cli} or {@code import} ({@link #IMPORT}: old mail brought
 *     in by {@code postdesk import}, which the pipeline records without sending any mail)
 * @param mailbox the support mailbox the message is for (the first recipient that is one)
 * @param sender the envelope sender (MAIL FROM); empty for the null sender {@code <>} of bounces
 * @param recipients every accepted recipient, including {@code +detail} sub-addresses
 * @param authenticatedAs the SMTP AUTH identity, empty when the session did not authenticate
 * @param remoteAddress the peer's address, for the log
 */
public record Envelope(String source, EmailAddress mailbox, String sender, List<EmailAddress> recipients,
        String authenticatedAs, String remoteAddress) {

    public static final String IMPORT = "import";

    public Envelope {
        Objects.requireNonNull(source);
        Objects.requireNonNull(mailbox);
        sender = sender == null ? "" : sender;
        recipients = List.copyOf(recipients);
        authenticatedAs = authenticatedAs == null ? "" : authenticatedAs;
        remoteAddress = remoteAddress == null ? "" : remoteAddress;
    }
}
