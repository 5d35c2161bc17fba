package org.postdesk.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/**
 * The benchmark's mail: a customer's question of about 2 KB of text, some with a 100 KB attachment, and
 * one with a 50 MB attachment streamed without holding it. Every line ends in CRLF and none starts with a
 * dot, so no dot-stuffing is needed. Attachments differ per message, as real ones do: the blob store
 * cannot deduplicate them.
 */
final class MailMaker {

    static final String MAILBOX = "support@example.com";

    private static final String PARAGRAPH = "Hello, since this morning the printer on the second floor shows"
            + " error 0x4F and stops after the first page.\r\nWe restarted it twice, replaced the toner and"
            + " checked the cable. The queue on the server\r\nlooks normal. Could you please have a look, or"
            + " tell us what else we should try?\r\n";
    private static final byte[] TEXT = text();
    private static final int ATTACHMENT_BYTES = 100 * 1024;

    private MailMaker() {
    }

    private static byte[] text() {
        StringBuilder body = new StringBuilder();
        while (body.length() < 1_800) {
            body.append(PARAGRAPH).append("\r\n");
        }
        return body.append("Kind regards\r\nA customer\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A new question, or a reply when {@code ticketRef} is set; {@code attached} adds 100 KB of PDF. */
    static SmtpClient.Body message(String from, String messageId, String ticketRef, boolean attached, Random random) {
        String subject = ticketRef == null ? "Printer error 0x4F on floor 2 (" + messageId.hashCode() + ")"
                : "Re: [" + ticketRef + "] We received your request: printer error";
        String boundary = "b" + Long.toHexString(random.nextLong());
        StringBuilder head = new StringBuilder()
                .append("From: Customer <").append(from).append(">\r\n")
                .append("To: Support <").append(MAILBOX).append(">\r\n")
                .append("Subject: ").append(subject).append("\r\n")
                .append("Date: Wed, 25 Nov 2026 10:00:00 +0000\r\n")
                .append("Message-ID: <").append(messageId).append(">\r\n")
                .append("MIME-Version: 1.0\r\n");
        if (attached) {
            head.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n\r\n")
                    .append("--").append(boundary).append("\r\n")
                    .append("Content-Type: text/plain; charset=us-ascii\r\n\r\n");
        } else {
            head.append("Content-Type: text/plain; charset=us-ascii\r\n\r\n");
        }
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] attachment = attached ? attachment(boundary, ATTACHMENT_BYTES, random) : new byte[0];
        return out -> {
            out.write(headBytes);
            out.write(TEXT);
            out.write(attachment);
        };
    }

    /** One question with a {@code bytes}-sized attachment, generated while it is written. */
    static SmtpClient.Body large(String from, String messageId, long bytes, Random random) {
        String boundary = "big" + Long.toHexString(random.nextLong());
        String head = "From: Customer <" + from + ">\r\nTo: " + MAILBOX + "\r\nSubject: Logs of the crash, "
                + bytes / (1024 * 1024) + " MB\r\nMessage-ID: <" + messageId + ">\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n--" + boundary + "\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\n";
        return out -> {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(TEXT);
            writeAttachment(out, boundary, bytes, random);
        };
    }

    private static byte[] attachment(String boundary, int bytes, Random random) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes * 4 / 3 + 1024);
        try {
            writeAttachment(out, boundary, bytes, random);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    private static void writeAttachment(OutputStream out, String boundary, long bytes, Random random)
            throws IOException {
        out.write(("\r\n--" + boundary + "\r\nContent-Type: application/pdf; name=\"report.pdf\"\r\n"
                + "Content-Disposition: attachment; filename=\"report.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        // RFC 2045 §6.8: base64 lines of at most 76 characters; 57 bytes make exactly 76.
        Base64.Encoder base64 = Base64.getEncoder();
        byte[] chunk = new byte[57];
        byte[] crlf = {'\r', '\n'};
        for (long left = bytes; left > 0; left -= chunk.length) {
            random.nextBytes(chunk);
            byte[] line = left >= chunk.length ? chunk : java.util.Arrays.copyOf(chunk, (int) left);
            out.write(base64.encode(line));
            out.write(crlf);
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    }
}
