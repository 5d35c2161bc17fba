package org.postdesk.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import org.postdesk.Postdesk;
import org.postdesk.testing.MailClient;
import org.postdesk.testing.RelayedPostdesk;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketView;

/**
 * A whole conversation over real SMTP, Greenmail standing in for the relay: customer writes, agents are
 * notified, an agent replies the way a mail client does, and the customer receives only the new text.
 */
class ConversationEndToEndTest {

    @RegisterExtension
    static GreenMailExtension relay = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path data;

    private RelayedPostdesk e2e;
    private Postdesk postdesk;
    private MailClient client;

    @BeforeEach
    void start() throws Exception {
        e2e = RelayedPostdesk.start(TestDatabase.H2, data, relay, Clock.systemUTC());
        postdesk = e2e.postdesk();
        client = e2e.client();
        MimeMessage first = client.message();
        first.setFrom(new InternetAddress("ann@customer.test", "Ann Customer"));
        first.setRecipients(Message.RecipientType.TO, "support@example.com");
        first.setSubject("Printer on fire");
        first.setText("Help, the printer is on fire.");
        first.setHeader("Message-ID", "<ann-1@customer.test>");
        client.send(first);
        assertThat(relay.waitForIncomingEmail(10_000, 3)).isTrue();
    }

    @AfterEach
    void stop() {
        e2e.close();
    }

    @Test
    void agentRepliesFromTheirClientAndTheCustomerGetsOnlyTheNewText() throws Exception {
        MimeMessage notification = e2e.inbox().ofKind("agent-notification", "agent@example.com").get(0);
        assertThat(notification.getSubject()).startsWith("[SUP-1]");
        assertThat(text(notification)).contains("Help, the printer is on fire.").contains("SUP-1");
        String replyTo = ((InternetAddress) notification.getReplyTo()[0]).getAddress();
        assertThat(replyTo).matches("support\\+sup-1-[a-z2-7]{12}@example\\.com");

        // what Thunderbird sends when the agent hits Reply: Re:, In-Reply-To, the notification quoted below
        MimeMessage reply = client.message();
        reply.setFrom(new InternetAddress("agent@example.com", "Alice Agent"));
        reply.setRecipients(Message.RecipientType.TO, replyTo);
        reply.setSubject("Re: " + notification.getSubject());
        reply.setHeader("In-Reply-To", notification.getMessageID());
        reply.setHeader("References", notification.getMessageID());
        reply.setHeader("Message-ID", "<alice-1@example.com>");
        reply.setText("Please unplug it and step away.\n\nOn 24.11.2026 10:00, Ann Customer via Example Support"
                + " wrote:\n> Help, the printer is on fire.\n> INTERNAL: customer is on the legacy plan\n");
        client.send(reply);

        await().atMost(Duration.ofSeconds(10)).until(() -> !e2e.inbox().ofKind("agent-reply", "ann@customer.test").isEmpty());
        MimeMessage relayed = e2e.inbox().ofKind("agent-reply", "ann@customer.test").get(0);
        assertThat(text(relayed)).contains("Please unplug it and step away.")
                .doesNotContain("INTERNAL").doesNotContain("Help, the printer is on fire.");
        assertThat(((InternetAddress) relayed.getFrom()[0]).getAddress()).isEqualTo("support@example.com");
        assertThat(relayed.getSubject()).startsWith("[SUP-1] Re:");
        assertThat(relayed.getHeader("In-Reply-To", null)).isNotBlank();
        assertThat(relayed.getHeader("References", null)).contains("<ann-1@customer.test>");
        assertThat(((InternetAddress) relayed.getReplyTo()[0]).getAddress())
                .matches("support\\+sup-1-[a-z2-7]{12}@example\\.com");
        assertThat(relayed.getHeader("Auto-Submitted")).as("a person wrote it").isNull();

        TicketView t = ticket();
        assertThat(t.status()).isEqualTo("pending");
        assertThat(t.messages()).filteredOn(m -> m.kind().equals("agent")).singleElement()
                .satisfies(m -> assertThat(m.visible()).isEqualTo("Please unplug it and step away."));

        // the customer answers the relayed reply: it threads by the signed Reply-To and reopens the ticket
        MimeMessage answer = client.message();
        answer.setFrom(new InternetAddress("ann@customer.test"));
        answer.setRecipients(Message.RecipientType.TO, ((InternetAddress) relayed.getReplyTo()[0]).getAddress());
        answer.setSubject("RE: " + relayed.getSubject());
        answer.setText("Done, thanks!");
        client.send(answer);
        assertThat(ticket().status()).isEqualTo("open");
        assertThat(ticket().messages()).filteredOn(m -> m.kind().equals("customer")).hasSize(2);
    }

    @Test
    void agentReplyWithNothingAboveTheQuoteRelaysNothing() throws Exception {
        MimeMessage notification = e2e.inbox().ofKind("agent-notification", "agent@example.com").get(0);
        MimeMessage reply = client.message();
        reply.setFrom(new InternetAddress("agent@example.com"));
        reply.setRecipients(Message.RecipientType.TO, ((InternetAddress) notification.getReplyTo()[0]).getAddress());
        reply.setSubject("Re: " + notification.getSubject());
        reply.setText("On 24.11.2026 10:00, Ann Customer via Example Support wrote:\n> Help, the printer is on fire.\n"
                + "> INTERNAL: customer is on the legacy plan\n");
        client.send(reply);

        assertThat(ticket().events()).anySatisfy(e -> assertThat(e.detail()).contains("no text of its own"));
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                .until(() -> e2e.inbox().ofKind("agent-reply", "ann@customer.test").isEmpty());
    }

    @Test
    void agentOutOfOfficeReplyIsKeptAsANoteAndNeverRelayed() throws Exception {
        MimeMessage notification = e2e.inbox().ofKind("agent-notification", "agent@example.com").get(0);
        MimeMessage ooo = client.message();
        ooo.setFrom(new InternetAddress("agent@example.com"));
        ooo.setRecipients(Message.RecipientType.TO, ((InternetAddress) notification.getReplyTo()[0]).getAddress());
        ooo.setSubject("Automatic reply: " + notification.getSubject());
        ooo.setHeader("Auto-Submitted", "auto-replied");
        ooo.setText("I am out of the office until Monday.");
        client.send(ooo);

        assertThat(ticket().messages()).filteredOn(m -> m.text() != null && m.text().contains("out of the office"))
                .singleElement().satisfies(m -> assertThat(m.kind()).isEqualTo("note"));
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                .until(() -> e2e.inbox().ofKind("agent-reply", "ann@customer.test").isEmpty());
    }

    @Test
    void spoofedAgentWithoutProofIsNotRelayed() throws Exception {
        MimeMessage spoof = client.message();
        spoof.setFrom(new InternetAddress("agent@example.com"));
        spoof.setRecipients(Message.RecipientType.TO, "support@example.com");
        spoof.setSubject("Re: [SUP-1] Printer on fire");
        spoof.setText("Your refund is approved, send your card number.");
        client.send(spoof);

        // Without proof the From counts for nothing: not an agent, not SUP-1's customer, so the tag is not
        // honoured either and the words land, as a customer's, in a ticket of their own.
        assertThat(ticket().messages()).noneMatch(m -> m.text() != null && m.text().contains("refund"));
        TicketView t = new TicketQueries(postdesk.database()).show(TicketId.parse("SUP-2")).orElseThrow();
        assertThat(t.messages()).filteredOn(m -> m.text() != null && m.text().contains("refund"))
                .singleElement().satisfies(m -> assertThat(m.kind()).isEqualTo("customer"));
        assertThat(t.events()).anySatisfy(e -> assertThat(e.type()).isEqualTo("agent-unproven"));
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                .until(() -> e2e.inbox().ofKind("agent-reply", "ann@customer.test").isEmpty());
    }

    @Test
    void agentWritingToTheCustomerWithSupportInCcIsRecordedWithoutASecondCopy() throws Exception {
        Session authenticated = client.authenticatedSession();
        MimeMessage direct = new MimeMessage(authenticated);
        direct.setFrom(new InternetAddress("agent@example.com", "Alice Agent"));
        direct.setRecipients(Message.RecipientType.TO, "ann@customer.test");
        direct.setRecipients(Message.RecipientType.CC, "support@example.com");
        direct.setSubject("Re: [SUP-1] Printer on fire");
        direct.setText("Calling you in five minutes.");
        try (Transport t = authenticated.getTransport("smtp")) {
            t.connect("agent@example.com", TestConfigs.AGENT_PASSWORD);
            // the agent's own server delivers to Ann; our copy comes through the support address in Cc
            t.sendMessage(direct, new InternetAddress[] {new InternetAddress("support@example.com")});
        }
        client.awaitProcessed();

        TicketView t = ticket();
        assertThat(t.messages()).filteredOn(m -> m.kind().equals("agent")).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("Calling you in five minutes."));
        assertThat(t.events()).anySatisfy(e -> assertThat(e.type()).isEqualTo("reply-not-relayed"));
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                .until(() -> e2e.inbox().ofKind("agent-reply", "ann@customer.test").isEmpty());
    }

    private TicketView ticket() {
        return new TicketQueries(postdesk.database()).show(TicketId.parse("SUP-1")).orElseThrow();
    }

    private static String text(MimeMessage m) throws Exception {
        Object content = m.getContent();
        if (content instanceof String s) {
            return s;
        }
        jakarta.mail.Multipart mp = (jakarta.mail.Multipart) content;
        return String.valueOf(mp.getBodyPart(0).getContent());
    }
}
