package org.postdesk.testing;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.postdesk.Postdesk;

/** A real SMTP client (Jakarta Mail) talking to a listener on 127.0.0.1. */
public final class MailClient {

    private final Session session;
    private final Postdesk server;

    /** A client that returns as soon as the server said 250. */
    public MailClient(int port) {
        this(port, null);
    }

    /**
     * A client of {@code postdesk} whose sends return once the server has also processed what they sent (it
     * processes after the 250, on worker threads), for tests that look at tickets right after sending.
     */
    public MailClient(Postdesk postdesk) {
        this(postdesk.smtpPort(), postdesk);
    }

    private MailClient(int port, Postdesk server) {
        this.server = server;
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(port));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "30000");
        this.session = Session.getInstance(p);
    }

    public Session session() {
        return session;
    }

    /** A new message that keeps a Message-ID the test set, as real clients choose their own. */
    public MimeMessage message() {
        return new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                if (getHeader("Message-ID") == null) {
                    super.updateMessageID();
                }
            }
        };
    }

    public void send(MimeMessage message) throws MessagingException {
        message.saveChanges();
        Transport.send(message);
        awaitProcessed();
    }

    /**
     * A session that logs in with SMTP AUTH after STARTTLS, as an agent's mail client does (the listener
     * takes AUTH inside TLS only); it trusts any certificate, the tests' own being self-signed.
     */
    public Session authenticatedSession() {
        Properties p = new Properties();
        p.putAll(session.getProperties());
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.trust", "*");
        // The test certificate names localhost; the tests connect to 127.0.0.1.
        p.put("mail.smtp.ssl.checkserveridentity", "false");
        return Session.getInstance(p);
    }

    /** Sends over a session authenticated with SMTP AUTH, as an agent's mail client does. */
    public void sendAuthenticated(MimeMessage message, String user, String password) throws MessagingException {
        message.saveChanges();
        try (Transport t = authenticatedSession().getTransport("smtp")) {
            t.connect(user, password);
            t.sendMessage(message, message.getAllRecipients());
        }
        awaitProcessed();
    }

    /** Sends raw RFC 5322 bytes with the given envelope. */
    public void sendRaw(String envelopeFrom, String recipient, byte[] raw) throws MessagingException {
        Properties p = new Properties();
        p.putAll(session.getProperties());
        p.put("mail.smtp.from", envelopeFrom);
        Session s = Session.getInstance(p);
        MimeMessage message = new MimeMessage(s, new ByteArrayInputStream(raw)) {
            @Override
            protected void updateMessageID() {
                // keep the Message-ID the raw message has
            }
        };
        try (Transport t = s.getTransport("smtp")) {
            t.connect();
            t.sendMessage(message, new Address[] {new InternetAddress(recipient)});
        }
        awaitProcessed();
    }

    /** Waits until the server has processed what was sent to it, also by other means than this client. */
    public void awaitProcessed() {
        if (server != null) {
            await().atMost(Duration.ofSeconds(30)).until(() -> server.processing().pending() == 0);
        }
    }
}
