package org.postdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;

import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import org.postdesk.Postdesk;
import org.postdesk.conf.ConfLoader;
import org.postdesk.testing.TestConfigs;

/**
 * Two mailboxes fetched from one IMAP server (Greenmail), one with a wrong password: the other keeps
 * working, files what Postdesk sends in its Sent folder, and {@code postdesk status} — another process in
 * real life, reading the database — shows both: idle, and failing with the login refused.
 */
class StatusCommandTest {

    @RegisterExtension
    static GreenMailExtension imap = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir
    Path home;

    private Path conf;
    private Postdesk postdesk;

    @BeforeEach
    void install() throws Exception {
        imap.setUser("support@example.com", "support@example.com", "right-password");
        imap.setUser("billing@example.com", "billing@example.com", "right-password");
        createFolder("support@example.com", "Sent");
        conf = Files.createDirectories(home.resolve("conf"));
        Path repo = TestConfigs.templates().getParent();
        Files.copy(repo.resolve("conf").resolve(ConfLoader.AGENTS_FILE), conf.resolve(ConfLoader.AGENTS_FILE));
        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), "hostname: postdesk.test\nsecret: status-test-secret-0123\n"
                + "templates: " + repo.resolve("templates") + "\nsmtp:\n  bind: 127.0.0.1\n  port: 0\n"
                + "delivery:\n  poll: 100ms\n");
        int port = imap.getImap().getPort();
        Files.writeString(conf.resolve(ConfLoader.MAILBOXES_FILE), "mailboxes:\n"
                + mailbox("support", "SUP", port, "right-password", "    sentFolder: Sent\n")
                + mailbox("billing", "BIL", port, "wrong-password", ""));
        postdesk = Postdesk.open(new ConfLoader().load(conf), Clock.systemUTC()).start();
    }

    private static String mailbox(String name, String prefix, int port, String password, String extra) {
        return "  - address: " + name + "@example.com\n    prefix: " + prefix + "\n    group: support\n    imap:\n"
                + "      host: 127.0.0.1\n      port: " + port + "\n      tls: none\n      user: " + name
                + "@example.com\n      password: " + password + "\n" + extra.indent(2);
    }

    @AfterEach
    void stop() {
        postdesk.close();
    }

    @Test
    void oneMailboxWithABadPasswordFailsAloneAndStatusShowsBoth() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> status().out().contains("idle")
                && status().out().contains("failing"));
        deliver("support@example.com", "<status-1@customer.test>", "Printer on fire");

        await().atMost(Duration.ofSeconds(30)).until(() -> run("ticket", "list").out().contains("Printer on fire"));
        CliRun status = status();

        assertThat(status.exit()).isZero();
        assertThat(status.out()).containsPattern("support@example.com\\s+INBOX\\s+idle\\s+\\d{4}-")
                .containsPattern("billing@example.com\\s+INBOX\\s+failing\\s+-\\s+\\d{4}-.*login as"
                        + " billing@example.com refused");
        assertThat(run("status", "--json").out()).contains("\"state\" : \"failing\"").contains("\"lastError\"");
        // Once both mails are out, the acknowledgement to the customer is filed in the provider's Sent folder;
        // the notification to the agent is not part of the conversation with the customer and is not.
        await().atMost(Duration.ofSeconds(30)).until(() -> sentOutbox() == 2);
        assertThat(sentSubjects("support@example.com")).singleElement().asString().contains("[SUP-1]")
                .doesNotContain("New ticket");
    }

    private long sentOutbox() throws Exception {
        try (Connection c = postdesk.database().dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM outbox WHERE status = 'sent'")) {
            r.next();
            return r.getLong(1);
        }
    }

    private CliRun status() {
        return run("status");
    }

    private CliRun run(String... args) {
        return CliRun.of(conf, args);
    }

    private static void deliver(String user, String messageId, String subject) throws Exception {
        try (Store store = store(user)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.appendMessages(new MimeMessage[] {new MimeMessage(null, new java.io.ByteArrayInputStream(
                    ("From: Ann <ann@customer.test>\r\nTo: " + user + "\r\nSubject: " + subject + "\r\nMessage-ID: "
                            + messageId + "\r\n\r\nIt burns.\r\n").getBytes(StandardCharsets.UTF_8)))});
        }
    }

    private static void createFolder(String user, String name) throws Exception {
        try (Store store = store(user)) {
            store.getFolder(name).create(Folder.HOLDS_MESSAGES);
        }
    }

    private static String[] sentSubjects(String user) throws Exception {
        try (Store store = store(user)) {
            Folder sent = store.getFolder("Sent");
            sent.open(Folder.READ_ONLY);
            try {
                return Arrays.stream(sent.getMessages()).map(m -> {
                    try {
                        return m.getSubject();
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                }).toArray(String[]::new);
            } finally {
                sent.close(false);
            }
        }
    }

    private static Store store(String user) throws jakarta.mail.MessagingException {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", imap.getImap().getPort(), user, "right-password");
        return store;
    }
}
