package org.postdesk.outbound;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;

import org.eclipse.angus.mail.smtp.SMTPMessage;

import org.postdesk.conf.RelaySettings;
import org.postdesk.store.OutboxRow;

/**
 * Sends through the configured SMTP relay with Jakarta Mail, the bytes exactly as composed, over one kept
 * connection. Each delivery worker has a RelaySink of its own ({@link DeliverOutbox}), so workers send side
 * by side on their own connections; the methods are synchronized only so that closing at shutdown cannot
 * cut into a send.
 */
public final class RelaySink implements MailSink {

    private final RelaySettings relay;
    private final Session session;
    private Transport open;

    public RelaySink(RelaySettings relay, String hostname) {
        this.relay = relay;
        Properties p = new Properties();
        p.put("mail.smtp.host", relay.host());
        p.put("mail.smtp.port", String.valueOf(relay.port()));
        p.put("mail.smtp.localhost", hostname);
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "60000");
        p.put("mail.smtp.writetimeout", "60000");
        p.put("mail.smtp.auth", String.valueOf(!relay.username().isEmpty()));
        if (relay.starttls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        this.session = Session.getInstance(p);
    }

    @Override
    public synchronized void deliver(OutboxRow mail) throws MessagingException {
        // One Session for all mail: building one per mail re-reads every provider file on the class path, which
        // the benchmark's profile showed at 12 % of the server's CPU. The envelope sender rides on the message.
        SMTPMessage message = new SMTPMessage(session, new ByteArrayInputStream(mail.raw()));
        message.setEnvelopeFrom(mail.envelopeFrom());
        Address[] recipients = Arrays.stream(mail.recipients().split(",\\s*"))
                .map(a -> {
                    try {
                        return new InternetAddress(a, true);
                    } catch (MessagingException e) {
                        throw new IllegalStateException("bad recipient '" + a + "' in outbox " + mail.id(), e);
                    }
                })
                .toArray(Address[]::new);
        boolean reused = open != null;
        Transport transport = reused ? open : connect();
        try {
            transport.sendMessage(message, recipients);
        } catch (SendFailedException refused) {
            // The relay refused this mail (4xx/5xx): the connection is fine for the next one.
            throw withRelayAnswer(refused);
        } catch (MessagingException e) {
            close();
            if (!reused) {
                throw e;
            }
            // A kept connection the relay has since closed (idle timeout): one try on a fresh one.
            connect().sendMessage(message, recipients);
        }
    }

    /**
     * The refusal with the relay's own words in its message, for the outbox row's error and the log: Angus
     * says only "Invalid Addresses" and chains the answer ({@code 550 5.1.1 ... no such user}) per address.
     */
    private static SendFailedException withRelayAnswer(SendFailedException refused) {
        StringBuilder text = new StringBuilder(String.valueOf(refused.getMessage()).strip());
        for (Exception next = refused.getNextException(); next != null;
                next = next instanceof MessagingException m ? m.getNextException() : null) {
            text.append("; ").append(String.valueOf(next.getMessage()).strip());
        }
        return new SendFailedException(text.toString(), refused.getNextException(), refused.getValidSentAddresses(),
                refused.getValidUnsentAddresses(), refused.getInvalidAddresses());
    }

    /**
     * Opens the connection that mail after mail then goes through (RFC 5321 §3.3: several transactions per
     * session): connecting, EHLO and QUIT for each mail cost more than the mail itself.
     */
    private Transport connect() throws MessagingException {
        Transport transport = session.getTransport("smtp");
        if (relay.username().isEmpty()) {
            transport.connect();
        } else {
            transport.connect(relay.username(), relay.password());
        }
        open = transport;
        return transport;
    }

    @Override
    public synchronized void close() {
        if (open != null) {
            try {
                open.close();
            } catch (MessagingException e) {
                // Closing a connection that is already gone: nothing left to release.
            }
            open = null;
        }
    }

    @Override
    public String describe() {
        return "relay " + relay.host() + ":" + relay.port();
    }
}
