package org.postdesk.testing;

import java.util.ArrayList;
import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.junit5.GreenMailExtension;

/** What a GreenMail relay received from Postdesk, picked by the {@code X-Postdesk-Kind} every mail carries. */
public final class RelayInbox {

    private final GreenMailExtension relay;

    public RelayInbox(GreenMailExtension relay) {
        this.relay = relay;
    }

    /** The mails of {@code kind} (e.g. {@code acknowledgement}), in the order received. */
    public List<MimeMessage> ofKind(String kind) throws MessagingException {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : relay.getReceivedMessages()) {
            if (kind.equals(m.getHeader("X-Postdesk-Kind", null))) {
                found.add(m);
            }
        }
        return found;
    }

    /** The mails of {@code kind} with {@code address} among their recipients (To or Cc). */
    public List<MimeMessage> ofKind(String kind, String address) throws MessagingException {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : ofKind(kind)) {
            Address[] recipients = m.getAllRecipients();
            for (Address a : recipients == null ? new Address[0] : recipients) {
                if (((InternetAddress) a).getAddress().equalsIgnoreCase(address)) {
                    found.add(m);
                    break;
                }
            }
        }
        return found;
    }
}
