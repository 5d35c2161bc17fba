package org.postdesk.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.Postdesk;
import org.postdesk.conf.Config;
import org.postdesk.conf.SmtpSettings;
import org.postdesk.conf.TlsSettings;
import org.postdesk.store.InboxMapper;
import org.postdesk.testing.MailClient;
import org.postdesk.testing.MutableClock;
import org.postdesk.testing.RawSmtp;
import org.postdesk.testing.RawSmtp.Reply;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketQueries;

/**
 * The listener faces the open internet: it never relays, takes passwords only inside TLS, and holds each
 * client to its limits and deadlines. Real sockets, raw SMTP lines where Jakarta Mail would be too polite.
 */
class SmtpHardeningTest {

    private static final String PLAIN_AGENT = Base64.getEncoder().encodeToString(("\0agent@example.com\0"
            + TestConfigs.AGENT_PASSWORD).getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path data;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Postdesk start(UnaryOperator<SmtpSettings> smtp) {
        TestDatabase.Schema schema = TestDatabase.H2.create(data);
        open.add(schema);
        Config config = TestConfigs.demo(data, schema.settings());
        Postdesk postdesk = Postdesk.open(config.withSmtp(smtp.apply(config.smtp())), clock).start();
        open.add(postdesk);
        return postdesk;
    }

    private RawSmtp connect(Postdesk postdesk) throws Exception {
        RawSmtp smtp = new RawSmtp(postdesk.smtpPort());
        open.add(smtp);
        return smtp;
    }

    @Test
    void openRelayProbeIsRefusedInEveryShape() throws Exception {
        Postdesk postdesk = start(s -> s);
        List<String> probes = List.of(
                "<victim@other.example>",
                "<support@other.example>",
                "<support@example.com.other.example>",
                "<victim%other.example@example.com>",
                "<victim%other.example@127.0.0.1>",
                "<@example.com:victim@other.example>",
                "<@example.com,@relay.example:victim@other.example>",
                "<\"victim@other.example\"@example.com>",
                "<\"victim%other.example\"@example.com>",
                "<victim!other.example@example.com>",
                "<other.example!victim@example.com>",
                "<victim@other.example@example.com>",
                "<victim@[192.0.2.1]>",
                "<nobody@example.com>",
                "<postmaster@example.com.>",
                "victim@other.example");
        for (boolean authenticated : List.of(false, true)) {
            RawSmtp smtp = connect(postdesk);
            smtp.command("EHLO probe.example");
            if (authenticated) {
                // An agent's login does not widen what may be sent: still our mailboxes only.
                assertThat(smtp.startTls().code()).isEqualTo(220);
                smtp.command("EHLO probe.example");
                assertThat(smtp.command("AUTH PLAIN " + PLAIN_AGENT).code()).isEqualTo(235);
            }
            assertThat(smtp.command("MAIL FROM:<spammer@spam.example>").code()).isEqualTo(250);
            for (String probe : probes) {
                Reply reply = smtp.command("RCPT TO:" + probe);
                assertThat(reply.code()).as("RCPT TO:%s (authenticated: %s) answered %s", probe, authenticated,
                        reply.text()).isBetween(500, 599);
            }
            assertThat(smtp.command("DATA").code()).as("DATA with every recipient refused").isBetween(500, 599);
            assertThat(smtp.command("QUIT").code()).isEqualTo(221);
        }
        assertThat(inboxCount(postdesk)).isZero();
    }

    @Test
    void authWithoutTlsIsNeitherOfferedNorAccepted() throws Exception {
        Postdesk postdesk = start(s -> s);
        RawSmtp smtp = connect(postdesk);
        Reply ehlo = smtp.command("EHLO client.example");
        assertThat(ehlo.text()).contains("STARTTLS").doesNotContain("AUTH");
        Reply auth = smtp.command("AUTH PLAIN " + PLAIN_AGENT);
        assertThat(auth.code()).isEqualTo(538);
        assertThat(auth.text()).contains("5.7.11").contains("STARTTLS");
        assertThat(smtp.command("AUTH LOGIN").code()).isEqualTo(538);
        // still usable as a plain MX: customers' servers need no TLS
        assertThat(smtp.command("MAIL FROM:<ann@customer.test>").code()).isEqualTo(250);
        assertThat(smtp.command("RCPT TO:<support@example.com>").code()).isEqualTo(250);
    }

    @Test
    void withoutAKeystoreThereIsNoStarttlsAndNoAuth() throws Exception {
        Postdesk postdesk = start(s -> s.withTls(TlsSettings.none()));
        RawSmtp smtp = connect(postdesk);
        assertThat(smtp.command("EHLO client.example").text()).doesNotContain("STARTTLS").doesNotContain("AUTH");
        assertThat(smtp.command("AUTH PLAIN " + PLAIN_AGENT).code()).isEqualTo(538);
    }

    @Test
    void authAfterStarttlsWorksAndMakesTheMailAProvenAgents() throws Exception {
        Postdesk postdesk = start(s -> s);
        RawSmtp smtp = connect(postdesk);
        smtp.command("EHLO client.example");
        assertThat(smtp.startTls().code()).isEqualTo(220);
        assertThat(smtp.command("EHLO client.example").text()).contains("AUTH").contains("PLAIN");
        String wrong = Base64.getEncoder().encodeToString("\0agent@example.com\0guess".getBytes(StandardCharsets.UTF_8));
        assertThat(smtp.command("AUTH PLAIN " + wrong).code()).isEqualTo(535);

        MailClient client = new MailClient(postdesk);
        MimeMessage question = client.message();
        question.setFrom(new InternetAddress("ann@customer.test"));
        question.setRecipients(Message.RecipientType.TO, "support@example.com");
        question.setSubject("Printer on fire");
        question.setText("Help.");
        client.send(question);
        MimeMessage answer = client.message();
        answer.setFrom(new InternetAddress("agent@example.com"));
        answer.setRecipients(Message.RecipientType.TO, "support@example.com");
        answer.setSubject("Re: [SUP-1] Printer on fire");
        answer.setText("Unplug it, please.");
        client.sendAuthenticated(answer, "agent@example.com", TestConfigs.AGENT_PASSWORD);

        assertThat(postdesk.database().inTransaction(s -> s.getMapper(InboxMapper.class).find(2)).authenticatedAs())
                .isEqualTo("agent@example.com");
        assertThat(new TicketQueries(postdesk.database()).show(TicketId.parse("SUP-1")).orElseThrow().messages())
                .filteredOn(m -> m.text() != null && m.text().contains("Unplug it"))
                .singleElement().satisfies(m -> assertThat(m.kind()).isEqualTo("agent"));
    }

    @Test
    void idleClientIsClosedAfterTheIdleTimeout() throws Exception {
        Postdesk postdesk = start(s -> s.withLimits(50, 20, 600, Duration.ofMillis(500), Duration.ofMinutes(1)));
        RawSmtp smtp = connect(postdesk);
        assertThat(smtp.command("EHLO idle.example").code()).isEqualTo(250);
        long before = System.nanoTime();
        Reply last = smtp.read();
        while (last.code() != -1) {
            last = smtp.read();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void slowClientTricklingDataIsCutOffAtTheSessionDeadline() throws Exception {
        Postdesk postdesk = start(s -> s.withLimits(50, 20, 600, Duration.ofSeconds(2), Duration.ofSeconds(2)));
        long before = System.nanoTime();
        RawSmtp smtp = connect(postdesk);
        smtp.command("EHLO slow.example");
        smtp.command("MAIL FROM:<slow@customer.test>");
        smtp.command("RCPT TO:<support@example.com>");
        assertThat(smtp.command("DATA").code()).isEqualTo(354);
        // A byte every 200 ms: always well inside the idle timeout, never done.
        boolean cut = false;
        for (int i = 0; i < 200 && !cut; i++) {
            try {
                smtp.write(new byte[] {'x'});
                Thread.sleep(200);
                cut = smtp.socket().getInputStream().available() > 0;
            } catch (IOException e) {
                cut = true;
            }
        }
        assertThat(cut).as("the server ended the session").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isBetween(Duration.ofMillis(1500),
                Duration.ofSeconds(20));
        Reply reply = readUntilClosed(smtp);
        assertThat(reply.text()).contains("421 4.4.2");
        assertThat(inboxCount(postdesk)).isZero();
        // and the server carries on for everyone else
        sendOne(postdesk, "after the slow one");
    }

    @Test
    void perIpConnectionLimitRefusesThePastTheLimitAndRecoversWhenOneCloses() throws Exception {
        Postdesk postdesk = start(s -> s.withLimits(50, 3, 600, Duration.ofMinutes(1), Duration.ofMinutes(1)));
        List<RawSmtp> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RawSmtp smtp = connect(postdesk);
            assertThat(smtp.greeting().code()).isEqualTo(220);
            held.add(smtp);
        }
        RawSmtp fourth = connect(postdesk);
        assertThat(fourth.greeting().code()).isEqualTo(421);
        assertThat(fourth.greeting().text()).contains("4.7.0").contains("too many connections").contains("at most 3");

        held.get(0).command("QUIT");
        held.get(0).close();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (RawSmtp again = new RawSmtp(postdesk.smtpPort())) {
                return again.greeting().code() == 220;
            }
        });
    }

    @Test
    void perIpMessageRateAnswers451PastTheLimitAndRecoversAsTheMinuteSlides() throws Exception {
        Postdesk postdesk = start(s -> s.withLimits(50, 20, 3, Duration.ofMinutes(1), Duration.ofMinutes(1)));
        RawSmtp smtp = connect(postdesk);
        smtp.command("EHLO busy.example");
        for (int i = 0; i < 3; i++) {
            assertThat(smtp.command("MAIL FROM:<busy@customer.test>").code()).isEqualTo(250);
            assertThat(smtp.command("RSET").code()).isEqualTo(250);
        }
        Reply refused = smtp.command("MAIL FROM:<busy@customer.test>");
        assertThat(refused.code()).isEqualTo(451);
        assertThat(refused.text()).contains("4.7.1").contains("at most 3 a minute");

        clock.advance(Duration.ofSeconds(30));
        assertThat(smtp.command("MAIL FROM:<busy@customer.test>").code()).as("still inside the minute").isEqualTo(451);
        clock.advance(Duration.ofSeconds(31));
        assertThat(smtp.command("MAIL FROM:<busy@customer.test>").code()).isEqualTo(250);
    }

    @Test
    void recipientsPastTheMaximumGet452AndTheMessageGoesToTheRest() throws Exception {
        Postdesk postdesk = start(s -> s.withLimits(2, 20, 600, Duration.ofMinutes(1), Duration.ofMinutes(1)));
        RawSmtp smtp = connect(postdesk);
        smtp.command("EHLO many.example");
        smtp.command("MAIL FROM:<ann@customer.test>");
        assertThat(smtp.command("RCPT TO:<support@example.com>").code()).isEqualTo(250);
        assertThat(smtp.command("RCPT TO:<support+billing@example.com>").code()).isEqualTo(250);
        Reply third = smtp.command("RCPT TO:<support+extra@example.com>");
        assertThat(third.code()).isEqualTo(452);
        assertThat(third.text()).contains("4.5.3").contains("at most 2");
        assertThat(smtp.command("DATA").code()).isEqualTo(354);
        smtp.send("From: ann@customer.test\r\nTo: support@example.com\r\nSubject: many\r\n\r\nhello\r\n.");
        assertThat(smtp.read().code()).isEqualTo(250);
        await().atMost(Duration.ofSeconds(30)).until(() -> postdesk.processing().pending() == 0);
        assertThat(new TicketQueries(postdesk.database()).list(Optional.empty())).hasSize(1);
    }

    private static long inboxCount(Postdesk postdesk) {
        return postdesk.database().inTransaction(s -> s.getMapper(InboxMapper.class).count());
    }

    private static Reply readUntilClosed(RawSmtp smtp) throws Exception {
        StringBuilder all = new StringBuilder();
        for (Reply r = smtp.read(); ; r = smtp.read()) {
            all.append(r.text()).append('\n');
            if (r.code() == -1) {
                return new Reply(-1, all.toString());
            }
        }
    }

    private static void sendOne(Postdesk postdesk, String subject) throws Exception {
        MailClient client = new MailClient(postdesk);
        MimeMessage m = client.message();
        m.setFrom(new InternetAddress("ann@customer.test"));
        m.setRecipients(Message.RecipientType.TO, "support@example.com");
        m.setSubject(subject);
        m.setText("hello");
        client.send(m);
        assertThat(new TicketQueries(postdesk.database()).list(Optional.empty()))
                .anySatisfy(t -> assertThat(t.subject()).isEqualTo(subject));
    }
}
