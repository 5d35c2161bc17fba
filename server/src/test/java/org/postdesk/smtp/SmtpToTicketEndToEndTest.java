package org.postdesk.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
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
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketView;

/** A customer's mail over real SMTP becomes a ticket, and the acknowledgement reaches the relay (Greenmail). */
class SmtpToTicketEndToEndTest {

    @RegisterExtension
    static GreenMailExtension relay = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path data;

    private RelayedPostdesk e2e;
    private Postdesk postdesk;
    private MailClient client;

    @BeforeEach
    void start() {
        e2e = RelayedPostdesk.start(TestDatabase.H2, data, relay, Clock.systemUTC());
        postdesk = e2e.postdesk();
        client = e2e.client();
    }

    @AfterEach
    void stop() {
        e2e.close();
    }

    @Test
    void customerMailBecomesTicketAndIsAcknowledged() throws Exception {
        MimeMessage mail = client.message();
        mail.setFrom(new InternetAddress("ann@customer.test", "Ann Customer"));
        mail.setRecipients(Message.RecipientType.TO, "support@example.com");
        mail.setSubject("Printer on fire");
        mail.setText("Help, the printer is on fire.");
        mail.setHeader("Message-ID", "<first-1@customer.test>");
        client.send(mail);

        TicketView ticket = new TicketQueries(postdesk.database()).show(TicketId.parse("SUP-1")).orElseThrow();
        assertThat(ticket.subject()).isEqualTo("Printer on fire");
        assertThat(ticket.status()).isEqualTo("new");
        assertThat(ticket.priority()).isEqualTo("normal");
        assertThat(ticket.customer()).isEqualTo("ann@customer.test");
        assertThat(ticket.messages()).first().satisfies(m -> {
            assertThat(m.kind()).isEqualTo("customer");
            assertThat(m.text()).contains("Help, the printer is on fire.");
            assertThat(m.messageId()).isEqualTo("first-1@customer.test");
            assertThat(m.from()).isEqualTo("Ann Customer <ann@customer.test>");
        });

        assertThat(relay.waitForIncomingEmail(10_000, 3)).as("acknowledgement and two agent notifications").isTrue();
        MimeMessage ack = e2e.inbox().ofKind("acknowledgement").get(0);
        assertThat(ack.getSubject()).startsWith("[SUP-1] ").contains("Printer on fire");
        assertThat(ack.getHeader("In-Reply-To", null)).isEqualTo("<first-1@customer.test>");
        assertThat(ack.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(ack.getAllRecipients()).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("ann@customer.test");
        assertThat(((InternetAddress) ack.getFrom()[0]).getAddress()).isEqualTo("support@example.com");
    }

    @Test
    void replyWithTicketTagJoinsThatTicket() throws Exception {
        client.send(customerMail("First problem", "<a1@customer.test>"));
        client.send(customerMail("Second problem", "<b1@customer.test>"));
        client.send(customerMail("Re: [SUP-1] We received your request: First problem", "<a2@customer.test>"));

        TicketQueries tickets = new TicketQueries(postdesk.database());
        // The list puts the ticket waiting longest first; which one that is does not matter here.
        assertThat(tickets.list(java.util.Optional.empty())).extracting(TicketView::id)
                .containsExactlyInAnyOrder("SUP-1", "SUP-2");
        assertThat(tickets.show(TicketId.parse("SUP-1")).orElseThrow().messages())
                .filteredOn(m -> m.kind().equals("customer"))
                .extracting(TicketView.MessageView::messageId)
                .containsExactly("a1@customer.test", "a2@customer.test");
        // a reply gets no second acknowledgement, but the agents hear of it: 2 acks + 3 x 2 notifications
        assertThat(relay.waitForIncomingEmail(10_000, 8)).isTrue();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> relay.getReceivedMessages().length == 8);
        assertThat(e2e.inbox().ofKind("acknowledgement")).hasSize(2);
    }

    @Test
    void unknownRecipientIsRefusedWith550AndNothingIsRelayed() throws Exception {
        MimeMessage mail = customerMail("Relay me", "<r1@customer.test>");
        mail.setRecipients(Message.RecipientType.TO, "someone@elsewhere.test");
        assertThatThrownBy(() -> client.send(mail))
                .isInstanceOf(MessagingException.class)
                .satisfies(e -> {
                    Exception next = ((MessagingException) e).getNextException();
                    assertThat(next).isInstanceOf(SMTPAddressFailedException.class);
                    assertThat(((SMTPAddressFailedException) next).getReturnCode()).isEqualTo(550);
                });
        assertThat(new TicketQueries(postdesk.database()).list(java.util.Optional.empty())).isEmpty();
        assertThat(relay.getReceivedMessages()).isEmpty();
    }

    private MimeMessage customerMail(String subject, String messageId) throws Exception {
        MimeMessage mail = client.message();
        mail.setFrom(new InternetAddress("ann@customer.test"));
        mail.setRecipients(Message.RecipientType.TO, "support@example.com");
        mail.setSubject(subject);
        mail.setText("Text of " + subject);
        mail.setHeader("Message-ID", messageId);
        return mail;
    }
}
