package org.postdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.postdesk.Postdesk;
import org.postdesk.conf.ConfLoader;
import org.postdesk.intake.Envelope;
import org.postdesk.mail.EmailAddress;
import org.postdesk.store.InboxMapper;
import org.postdesk.store.OutboxMapper;
import org.postdesk.testing.MailClient;
import org.postdesk.testing.TestConfigs;

/**
 * {@code postdesk status} — another process in real life, reading the database — summarises a running
 * server: its instance with SMTP and HTTP ports, the queues (mail waiting for a relay that is down, a
 * message that failed), the failing IMAP mailbox, and the latest errors of each; in JSON too. A cleanly
 * stopped instance leaves the list.
 */
class StatusSummaryTest {

    @TempDir
    Path home;

    @Test
    void statusShowsListenersQueuesFailingMailboxesAndLatestErrors() throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path repo = TestConfigs.templates().getParent();
        Files.copy(repo.resolve("conf").resolve(ConfLoader.AGENTS_FILE), conf.resolve(ConfLoader.AGENTS_FILE));
        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), "hostname: postdesk.test\nsecret: status-test-secret-0123\n"
                + "templates: " + repo.resolve("templates") + "\nsmtp:\n  bind: 127.0.0.1\n  port: 0\n"
                + "http:\n  port: 0\nrelay:\n  host: 127.0.0.1\n  port: " + closed + "\n"
                + "delivery:\n  poll: 100ms\n  retryInitial: 1h\n");
        Files.writeString(conf.resolve(ConfLoader.MAILBOXES_FILE), "mailboxes:\n"
                + "  - address: support@example.com\n    prefix: SUP\n    group: support\n"
                + "  - address: billing@example.com\n    prefix: BIL\n    group: support\n    imap:\n"
                + "      host: 127.0.0.1\n      port: " + closed + "\n      tls: none\n      user: billing\n"
                + "      password: secret\n");

        Postdesk postdesk = Postdesk.open(new ConfLoader().load(conf), Clock.systemUTC()).start();
        try {
            MailClient client = new MailClient(postdesk);
            MimeMessage mail = client.message();
            mail.setFrom(new InternetAddress("ann@customer.test"));
            mail.setRecipients(Message.RecipientType.TO, "support@example.com");
            mail.setSubject("Printer on fire");
            mail.setText("It burns.");
            client.send(mail);
            long stored = postdesk.intake().accept(new Envelope("cli", EmailAddress.of("support@example.com"),
                    "bob@customer.test", List.of(EmailAddress.of("support@example.com")), "", "test"),
                    new ByteArrayInputStream("Subject: x\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII)));
            postdesk.database().inTransaction(s -> {
                s.getMapper(InboxMapper.class).markFailed(stored, "stage parse: java.io.IOException: truncated",
                        Instant.now());
                return null;
            });
            // The oldest entry's age shows from one second on: a quick run must wait for it too.
            await().atMost(Duration.ofSeconds(30)).until(() -> run(conf, "status").out().contains("failing")
                    && run(conf, "status").out().contains("next try")
                    && run(conf, "status").out().contains("1 failed; oldest waiting"));
            long pending = postdesk.database().inTransaction(s -> s.getMapper(OutboxMapper.class).queued());

            String out = run(conf, "status").out();
            assertThat(out).containsPattern("Instances\\n.*\\n  \\S+\\s+running\\s+" + postdesk.smtpPort() + "\\s+"
                    + postdesk.httpPort().orElseThrow() + "\\s+\\d{4}-")
                    .contains("inbox:  0 unprocessed, 1 failed; oldest waiting")
                    .containsPattern("outbox: " + pending + " pending, 0 failed; oldest waiting \\d+ s")
                    .contains("IMAP fetch (1 failing)")
                    .containsPattern("billing@example.com\\s+INBOX\\s+failing")
                    .containsPattern("inbox " + stored + "\\s+stage parse: java.io.IOException: truncated")
                    .containsPattern("outbox \\d+\\s+Couldn't connect to host, port: 127.0.0.1.*; next try \\d{4}-")
                    .containsPattern("imap billing@example.com\\s+cannot connect to 127.0.0.1:" + closed);

            JsonNode json = new ObjectMapper().readTree(run(conf, "status", "--json").out());
            assertThat(json.path("instances")).hasSize(1);
            assertThat(json.path("instances").get(0).path("smtpPort").asInt()).isEqualTo(postdesk.smtpPort());
            assertThat(json.path("instances").get(0).path("state").asText()).isEqualTo("running");
            assertThat(json.path("queues").path("outboxPending").asLong()).isEqualTo(pending).isPositive();
            assertThat(json.path("queues").path("inboxFailed").asLong()).isEqualTo(1);
            assertThat(json.path("imap").get(0).path("state").asText()).isEqualTo("failing");
            assertThat(json.path("errors").findValuesAsText("where")).contains("inbox " + stored,
                    "imap billing@example.com");
        } finally {
            postdesk.close();
        }
        assertThat(run(conf, "status").out()).contains("Instances: none running");
    }

    private static CliRun run(Path conf, String... args) {
        return CliRun.of(conf, args);
    }
}
