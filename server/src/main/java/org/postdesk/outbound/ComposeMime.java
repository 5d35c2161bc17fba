package org.postdesk.outbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

import org.postdesk.mime.NamedAddress;
import org.postdesk.mime.ParsedAttachment;
import org.postdesk.store.BlobStore;

/** Composes an {@link OutgoingMail} into the bytes of a MIME message, with a Message-ID of ours. */
public final class ComposeMime {

    /** The loop header of ours: {@code X-Postdesk-Loop: <hostname>}. */
    public static final String LOOP_HEADER = "X-Postdesk-Loop";

    private final Session session = Session.getInstance(new Properties());
    private final String hostname;
    private final Clock clock;
    private final BlobStore blobs;

    public ComposeMime(String hostname, Clock clock, BlobStore blobs) {
        this.hostname = hostname;
        this.clock = clock;
        this.blobs = blobs;
    }

    /** A fresh Message-ID, without brackets. Ours all start with {@code postdesk.} so they are recognised on return. */
    public String newMessageId() {
        return "postdesk." + UUID.randomUUID() + "@" + hostname;
    }

    public byte[] compose(OutgoingMail mail, String messageId) {
        try {
            MimeMessage mime = new FixedIdMessage(session, "<" + messageId + ">");
            mime.setFrom(address(mail.from()));
            for (NamedAddress to : mail.to()) {
                mime.addRecipient(Message.RecipientType.TO, address(to));
            }
            for (NamedAddress cc : mail.cc()) {
                mime.addRecipient(Message.RecipientType.CC, address(cc));
            }
            if (mail.replyTo().isPresent()) {
                mime.setReplyTo(new InternetAddress[] {address(mail.replyTo().get())});
            }
            mime.setSubject(HeaderSafety.check("Subject", mail.content().subject()), "UTF-8");
            mime.setSentDate(Date.from(clock.instant()));
            if (mail.attachments().isEmpty()) {
                mime.setText(mail.content().body(), "UTF-8");
            } else {
                MimeMultipart mixed = new MimeMultipart("mixed");
                MimeBodyPart text = new MimeBodyPart();
                text.setText(mail.content().body(), "UTF-8");
                mixed.addBodyPart(text);
                for (ParsedAttachment a : mail.attachments()) {
                    mixed.addBodyPart(attachment(a));
                }
                mime.setContent(mixed);
            }
            if (!mail.inReplyTo().isEmpty()) {
                mime.setHeader("In-Reply-To", "<" + mail.inReplyTo() + ">");
            }
            if (!mail.references().isEmpty()) {
                mime.setHeader("References", String.join(" ", mail.references().stream().map(r -> "<" + r + ">")
                        .toList()));
            }
            if (mail.autoSubmitted() != AutoSubmitted.NO) {
                // RFC 3834 §5: say we are automatic, and ask Exchange not to answer us with its own auto-replies.
                mime.setHeader("Auto-Submitted", mail.autoSubmitted() == AutoSubmitted.AUTO_REPLIED ? "auto-replied"
                        : "auto-generated");
                mime.setHeader("X-Auto-Response-Suppress", "All");
            }
            // On every mail, so that one of ours coming back (a misrouted relay, a forwarding loop) is known
            // as ours even when a relay rewrote its Message-ID.
            mime.setHeader(LOOP_HEADER, hostname);
            mime.setHeader("X-Postdesk-Kind", mail.kind());
            mime.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            mime.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot compose the " + mail.kind() + " mail: " + e.getMessage(), e);
        }
    }

    private MimeBodyPart attachment(ParsedAttachment a) throws MessagingException, UnsupportedEncodingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new DataSource() {
            @Override
            public InputStream getInputStream() throws IOException {
                return blobs.open(a.sha256());
            }

            @Override
            public OutputStream getOutputStream() {
                throw new UnsupportedOperationException("attachments are read from the blob store only");
            }

            @Override
            public String getContentType() {
                return a.contentType();
            }

            @Override
            public String getName() {
                return a.name();
            }
        }));
        part.setDisposition(MimeBodyPart.ATTACHMENT);
        if (a.name() != null) {
            part.setFileName(MimeUtility.encodeText(HeaderSafety.oneLine(a.name()), "UTF-8", null));
        }
        return part;
    }

    private static InternetAddress address(NamedAddress a) throws UnsupportedEncodingException {
        return new InternetAddress(a.address().value(), HeaderSafety.check("display name", a.name()), "UTF-8");
    }

    /** Keeps the Message-ID we chose, which is stored for threading before the mail is written. */
    private static final class FixedIdMessage extends MimeMessage {

        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
