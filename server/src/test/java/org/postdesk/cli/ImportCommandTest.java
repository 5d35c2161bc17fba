package org.postdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.Postdesk;
import org.postdesk.conf.ConfLoader;
import org.postdesk.imports.SupportHistory;
import org.postdesk.testing.TestConfigs;

/**
 * {@code postdesk import} of a support mailbox's history, 1,000 messages in 400 conversations threaded by
 * In-Reply-To/References: the right tickets and messages, no mail at all, and a second run changes nothing.
 */
class ImportCommandTest {

    @TempDir
    Path home;

    private Path conf;

    @BeforeEach
    void install() throws IOException {
        conf = Files.createDirectories(home.resolve("conf"));
        Path repo = TestConfigs.templates().getParent();
        for (String f : new String[] {ConfLoader.MAILBOXES_FILE, ConfLoader.AGENTS_FILE}) {
            Files.copy(repo.resolve("conf").resolve(f), conf.resolve(f));
        }
        Files.writeString(conf.resolve(ConfLoader.SERVER_FILE), "hostname: postdesk.test\nsecret: import-test-secret-0123\n"
                + "templates: " + repo.resolve("templates") + "\n");
    }

    private CliRun run(String... args) {
        return CliRun.of(conf, args);
    }

    @Test
    void mboxHistoryBecomesThreadedTicketsSendsNoMailAndImportsOnce() throws Exception {
        Path mbox = SupportHistory.mbox(home.resolve("support.mbox"));

        CliRun first = run("import", "mbox", mbox.toString());

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("1 file, 1000 messages read: 400 new tickets, 600 replies, 0 duplicates,"
                + " 0 failed");
        assertThat(first.err()).contains("500 messages read").contains("1000 messages read");
        assertImported();

        CliRun again = run("import", "mbox", mbox.toString());

        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("1000 messages read: 0 new tickets, 0 replies, 1000 duplicates, 0 failed");
        assertImported();
    }

    @Test
    void maildirHistoryBecomesThreadedTicketsSendsNoMailAndImportsOnce() throws Exception {
        Path maildir = SupportHistory.maildir(home.resolve("Maildir"));

        CliRun first = run("import", "maildir", maildir.toString());

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("1000 files, 1000 messages read: 400 new tickets, 600 replies,"
                + " 0 duplicates, 0 failed");
        assertImported();

        CliRun again = run("import", "maildir", maildir.toString());

        assertThat(again.out()).contains("1000 messages read: 0 new tickets, 0 replies, 1000 duplicates, 0 failed");
        assertImported();
    }

    @Test
    void aFolderThatIsNoMaildirIsRefusedWithWhatIsExpected() throws Exception {
        CliRun run = run("import", "maildir", Files.createDirectories(home.resolve("empty")).toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("is not a maildir: it has no cur/ or new/ folder");
    }

    /** 400 tickets, each with its conversation's 1 to 4 messages in order, and not one mail in the outbox. */
    private void assertImported() throws Exception {
        try (Postdesk postdesk = Postdesk.open(new ConfLoader().load(conf), Clock.systemUTC());
                Connection c = postdesk.database().dataSource().getConnection();
                Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT COUNT(*) FROM ticket")).isEqualTo(SupportHistory.THREADS);
            assertThat(count(s, "SELECT COUNT(*) FROM ticket_message")).isEqualTo(SupportHistory.MESSAGES);
            assertThat(count(s, "SELECT COUNT(*) FROM outbox")).isZero();
            // A rerun stores nothing again: one inbox row per message, each processed, all from the import.
            assertThat(count(s, "SELECT COUNT(*) FROM inbox WHERE source = 'import' AND status = 'processed'"))
                    .isEqualTo(SupportHistory.MESSAGES);
            assertThat(count(s, "SELECT COUNT(*) FROM inbox")).isEqualTo(SupportHistory.MESSAGES);
            // Ticket of the conversation "Question 7" (4 messages: 7 % 4 + 1) holds exactly its own messages.
            assertThat(count(s, "SELECT COUNT(*) FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id"
                    + " WHERE t.subject = 'Question 7' AND m.message_id LIKE 't7-m%'")).isEqualTo(4);
            assertThat(count(s, "SELECT COUNT(DISTINCT ticket_id) FROM ticket_message WHERE message_id LIKE 't7-m%'"))
                    .isEqualTo(1);
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
