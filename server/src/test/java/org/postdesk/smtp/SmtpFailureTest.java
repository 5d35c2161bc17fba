package org.postdesk.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.postdesk.Postdesk;
import org.postdesk.conf.ByteSize;
import org.postdesk.conf.Config;
import org.postdesk.conf.DatabaseSettings;
import org.postdesk.conf.SmtpSettings;
import org.postdesk.store.InboxMapper;
import org.postdesk.store.OutboxMapper;
import org.postdesk.store.OutboxRow;
import org.postdesk.testing.MailClient;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.TicketQueries;

/** What the SMTP listener answers when things go wrong, and that nothing is lost or doubled. */
class SmtpFailureTest {

    @TempDir
    Path data;

    @Test
    void messageOverTheSizeLimitGets552AndSizeIsAdvertised() throws Exception {
        try (TestDatabase.Schema schema = TestDatabase.H2.create(data);
                Postdesk postdesk = Postdesk.open(TestConfigs.demo(data, schema.settings())
                        .withSmtp(new SmtpSettings("127.0.0.1", 0, ByteSize.parse("10KB"))), Clock.systemUTC())
                        .start()) {
            MailClient client = new MailClient(postdesk);
            assertThat(ehlo(postdesk.smtpPort())).contains("250-SIZE 10240");
            MimeMessage big = mail(client, "Big", "x".repeat(30_000));
            assertThatThrownBy(() -> client.send(big))
                    .isInstanceOf(SMTPSendFailedException.class)
                    .satisfies(e -> assertThat(((SMTPSendFailedException) e).getReturnCode()).isEqualTo(552));
            assertThat(new TicketQueries(postdesk.database()).list(Optional.empty())).isEmpty();
            // the session is still usable: a small message right after goes through
            client.send(mail(client, "Small", "fits"));
            assertThat(new TicketQueries(postdesk.database()).list(Optional.empty())).hasSize(1);
        }
    }

    @Test
    void databaseDownAnswers451AndLeavesNothingHalfWritten() throws Exception {
        Path dbDir = data.resolve("h2server");
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dbDir.toString()).start();
        int dbPort = h2.getPort();
        DatabaseSettings settings = new DatabaseSettings("jdbc:h2:tcp://127.0.0.1:" + dbPort
                + "/postdesk;MODE=MariaDB;DATABASE_TO_LOWER=TRUE", "sa", "", 2);
        Config config = TestConfigs.demo(data, settings);
        try (Postdesk postdesk = Postdesk.open(config, Clock.systemUTC()).start()) {
            MailClient client = new MailClient(postdesk);
            h2.stop();

            assertThatThrownBy(() -> client.send(mail(client, "While the database is down", "please keep me")))
                    .isInstanceOf(SMTPSendFailedException.class)
                    .satisfies(e -> {
                        assertThat(((SMTPSendFailedException) e).getReturnCode()).isEqualTo(451);
                        assertThat(e.getMessage()).contains("4.3.0");
                    });
            assertThat(blobFiles()).as("no raw message left behind without its inbox row").isEmpty();

            h2 = Server.createTcpServer("-tcpPort", String.valueOf(dbPort), "-ifNotExists", "-baseDir",
                    dbDir.toString()).start();
            TicketQueries tickets = new TicketQueries(postdesk.database());
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> tickets.list(Optional.empty()).isEmpty());
            long inboxRows = postdesk.database().inTransaction(s -> s.getMapper(InboxMapper.class).count());
            assertThat(inboxRows).as("no inbox row for the refused message").isZero();

            // the sender retries, as 451 asked, and this time it is taken
            client.send(mail(client, "While the database is down", "please keep me"));
            assertThat(tickets.list(Optional.empty())).singleElement()
                    .satisfies(t -> assertThat(t.subject()).isEqualTo("While the database is down"));
        } finally {
            h2.stop();
        }
    }

    @Test
    void relayDownThenUpDeliversTheAcknowledgementExactlyOnce() throws Exception {
        int relayPort;
        try (ServerSocket free = new ServerSocket(0)) {
            relayPort = free.getLocalPort();
        }
        GreenMail relay = new GreenMail(new ServerSetup(relayPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        try (TestDatabase.Schema schema = TestDatabase.H2.create(data);
                Postdesk postdesk = Postdesk.open(TestConfigs.withRelay(TestConfigs.demo(data, schema.settings()),
                        relayPort), Clock.systemUTC()).start()) {
            MailClient client = new MailClient(postdesk);
            client.send(mail(client, "Relay is down", "hello"));

            await().atMost(Duration.ofSeconds(10)).until(() -> outbox(postdesk).get(0).attempts() >= 2);
            OutboxRow waiting = outbox(postdesk).get(0);
            assertThat(waiting.status()).isEqualTo("queued");
            assertThat(waiting.lastError()).isNotBlank();

            relay.start();
            // the acknowledgement and a notification to each of the two agents
            assertThat(relay.waitForIncomingEmail(15_000, 3)).isTrue();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> outbox(postdesk).stream().allMatch(o -> o.status().equals("sent")));
            // several more poll cycles pass without a second copy
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                    .until(() -> relay.getReceivedMessages().length == 3);
            assertThat(java.util.Arrays.stream(relay.getReceivedMessages()).filter(m -> {
                try {
                    return "acknowledgement".equals(m.getHeader("X-Postdesk-Kind", null));
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            })).singleElement().satisfies(m -> assertThat(m.getSubject()).startsWith("[SUP-1]"));
        } finally {
            relay.stop();
        }
    }

    private static List<OutboxRow> outbox(Postdesk postdesk) {
        return postdesk.database().inTransaction(s -> s.getMapper(OutboxMapper.class).byTicket(1L));
    }

    private List<Path> blobFiles() throws IOException {
        try (Stream<Path> files = Files.walk(data.resolve("blobs"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static String ehlo(int port) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port);
                java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream()));
                java.io.PrintWriter out = new java.io.PrintWriter(s.getOutputStream(), true)) {
            in.readLine();
            out.print("EHLO test\r\n");
            out.flush();
            StringBuilder reply = new StringBuilder();
            for (String line; (line = in.readLine()) != null;) {
                reply.append(line).append('\n');
                if (line.startsWith("250 ")) {
                    break;
                }
            }
            out.print("QUIT\r\n");
            out.flush();
            return reply.toString();
        }
    }

    private static MimeMessage mail(MailClient client, String subject, String text) throws MessagingException {
        MimeMessage m = client.message();
        m.setFrom(new InternetAddress("ann@customer.test"));
        m.setRecipients(Message.RecipientType.TO, "support@example.com");
        m.setSubject(subject);
        m.setText(text);
        return m;
    }
}
