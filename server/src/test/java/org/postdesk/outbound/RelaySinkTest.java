package org.postdesk.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import org.postdesk.conf.RelaySettings;
import org.postdesk.store.OutboxRow;

/** The relay gets each mail with its own envelope sender and its bytes as composed. */
class RelaySinkTest {

    @RegisterExtension
    static GreenMailExtension relay = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void eachMailKeepsItsOwnEnvelopeSenderThroughOneSession() throws Exception {
        RelaySink sink = new RelaySink(new RelaySettings("127.0.0.1", relay.getSmtp().getPort(), null, null, false),
                "postdesk.test");
        sink.deliver(row(1, "bounces+1@example.com", "ann@customer.test", "first@postdesk.test"));
        sink.deliver(row(2, "bounces+2@example.com", "bob@customer.test", "second@postdesk.test"));

        assertThat(relay.waitForIncomingEmail(5_000, 2)).isTrue();
        MimeMessage[] received = relay.getReceivedMessages();
        assertThat(received[0].getHeader("Return-Path", null)).isEqualTo("<bounces+1@example.com>");
        assertThat(received[0].getMessageID()).isEqualTo("<first@postdesk.test>");
        assertThat(received[1].getHeader("Return-Path", null)).isEqualTo("<bounces+2@example.com>");
        assertThat(received[1].getMessageID()).isEqualTo("<second@postdesk.test>");
    }

    private static OutboxRow row(long id, String envelopeFrom, String to, String messageId) {
        byte[] raw = ("From: support@example.com\r\nTo: " + to + "\r\nSubject: Hello\r\nMessage-ID: <" + messageId
                + ">\r\n\r\nHello\r\n").getBytes(StandardCharsets.US_ASCII);
        Instant now = Instant.now();
        return new OutboxRow(id, null, "acknowledgement", messageId, envelopeFrom, to, raw, "queued", 0, now, "w",
                now.plusSeconds(60), null, now, null);
    }
}
