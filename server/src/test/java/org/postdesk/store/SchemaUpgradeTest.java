package org.postdesk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.postdesk.Postdesk;
import org.postdesk.conf.DatabaseSettings;
import org.postdesk.intake.Envelope;
import org.postdesk.pipeline.Outcome;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketView;

/**
 * A database made by the first release (migration V1 only) and holding its data is upgraded by starting
 * the current Postdesk: nothing is lost, and what later migrations added works on the old rows.
 */
class SchemaUpgradeTest {

    /** V1-era rows, written with V1's columns only, as the first release wrote them. */
    private static final List<String> V1_DATA = List.of(
            "INSERT INTO ticket_counter (prefix, last_number) VALUES ('SUP', 2)",
            "INSERT INTO customer (id, address, name, created_at) VALUES"
                    + " (1, 'anna@example.ru', 'Анна', '2025-01-10 09:00:00.000')",
            "INSERT INTO inbox (id, received_at, source, mailbox, envelope_from, envelope_to, raw_sha256, raw_size,"
                    + " status, outcome, ticket_id, attempts, processed_at) VALUES (1, '2025-01-10 09:00:00.000',"
                    + " 'smtp', 'support@example.com', 'anna@example.ru', 'support@example.com', '" + "a".repeat(64)
                    + "', 1234, 'processed', 'new', 1, 1, '2025-01-10 09:00:01.000')",
            "INSERT INTO ticket (id, ref, prefix, seq, mailbox, subject, status, priority, customer_id, group_name,"
                    + " language, created_at, updated_at) VALUES (1, 'SUP-1', 'SUP', 1, 'support@example.com',"
                    + " 'Принтер горит 🔥', 'open', 'high', 1, 'support', 'ru', '2025-01-10 09:00:01.000',"
                    + " '2025-01-10 09:00:01.000')",
            "INSERT INTO ticket (id, ref, prefix, seq, mailbox, subject, status, priority, customer_id, group_name,"
                    + " language, created_at, updated_at) VALUES (2, 'SUP-2', 'SUP', 2, 'support@example.com',"
                    + " 'Second question', 'new', 'normal', 1, 'support', 'en', '2025-01-11 09:00:00.000',"
                    + " '2025-01-11 09:00:00.000')",
            "INSERT INTO ticket_tag (ticket_id, tag) VALUES (1, 'hardware')",
            "INSERT INTO ticket_message (id, ticket_id, inbox_id, kind, message_id, content_hash, from_address,"
                    + " from_name, to_addresses, subject, text_body, created_at) VALUES (1, 1, 1, 'customer',"
                    + " 'printer-1@example.ru', '" + "b".repeat(64) + "', 'anna@example.ru', 'Анна',"
                    + " 'support@example.com', 'Принтер горит 🔥', 'Принтер горит, помогите', '2025-01-10 09:00:01.000')",
            "INSERT INTO attachment (message_id, name, content_type, size, sha256) VALUES"
                    + " (1, 'Счёт.pdf', 'application/pdf', 9, '" + "c".repeat(64) + "')",
            "INSERT INTO ticket_event (ticket_id, at, actor, via, type, detail) VALUES"
                    + " (1, '2025-01-10 09:00:01.000', 'anna@example.ru', 'mail', 'created', 'new ticket')",
            "INSERT INTO outbox (ticket_id, kind, message_id, envelope_from, recipients, raw, status, attempts,"
                    + " next_attempt_at, created_at, sent_at) VALUES (2, 'acknowledgement',"
                    + " 'postdesk.old-ack@postdesk.test', 'support@example.com', 'anna@example.ru', X'0D0A', 'sent', 1,"
                    + " '2025-01-11 09:00:00.000', '2025-01-11 09:00:00.000', '2025-01-11 09:00:02.000')");

    @TempDir
    Path data;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void databaseOfTheFirstReleaseUpgradesWithItsDataIntact(TestDatabase backend) throws Exception {
        assumeTrue(backend == TestDatabase.H2 || TestDatabase.available().contains(TestDatabase.MARIADB),
                "SKIPPED LOUDLY: POSTDESK_TEST_DB_URL is not set, so the schema upgrade was NOT tested on MariaDB."
                        + " .ci/run sets it; locally: export POSTDESK_TEST_DB_URL=jdbc:mariadb://127.0.0.1:3306/x?user=root");
        try (TestDatabase.Schema schema = backend.create(data)) {
            DatabaseSettings db = schema.settings();
            Flyway firstRelease = Flyway.configure().dataSource(db.url(), db.user(), db.password())
                    .locations("classpath:db/migration").target("1").load();
            firstRelease.migrate();
            execute(db, V1_DATA);
            assertThat(firstRelease.info().current().getVersion().getVersion()).isEqualTo("1");

            try (Postdesk postdesk = Postdesk.open(TestConfigs.demo(data, db), Clock.systemUTC())) {
                MigrationInfo[] pending = Flyway.configure().dataSource(postdesk.database().dataSource())
                        .locations("classpath:db/migration").load().info().pending();
                assertThat(pending).as("migrations left unapplied after start").isEmpty();

                TicketQueries tickets = new TicketQueries(postdesk.database());
                TicketView old = tickets.show(TicketId.parse("SUP-1")).orElseThrow();
                assertThat(old.subject()).isEqualTo("Принтер горит 🔥");
                assertThat(old.status()).isEqualTo("open");
                assertThat(old.priority()).isEqualTo("high");
                assertThat(old.customer()).isEqualTo("anna@example.ru");
                assertThat(old.tags()).containsExactly("hardware");
                assertThat(old.events()).extracting(TicketView.EventView::type).containsExactly("created");
                assertThat(old.messages()).singleElement().satisfies(m -> {
                    assertThat(m.from()).isEqualTo("Анна <anna@example.ru>");
                    assertThat(m.text()).isEqualTo("Принтер горит, помогите");
                    assertThat(m.visible()).as("V2 column on a V1 row").isNull();
                    assertThat(m.attachments()).extracting(TicketView.AttachmentView::name).containsExactly("Счёт.pdf");
                });

                // V2's participants, visible text and closing time, used on a ticket the first release made.
                Outcome reply = ingest(postdesk, "From: anna@example.ru\r\nTo: support@example.com\r\n"
                        + "Cc: boss@example.ru\r\nSubject: Re: [SUP-1] Принтер горит\r\nMessage-ID: <printer-2@example.ru>"
                        + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                        + "Content-Transfer-Encoding: 8bit\r\n\r\nВсё ещё горит\r\n");
                assertThat(reply.result()).isEqualTo("reply");
                assertThat(reply.ticket()).contains("SUP-1");
                TicketView upgraded = tickets.show(TicketId.parse("SUP-1")).orElseThrow();
                assertThat(upgraded.participants()).containsExactly("boss@example.ru");
                assertThat(upgraded.messages()).hasSize(2).last()
                        .satisfies(m -> assertThat(m.visible()).contains("Всё ещё горит"));
                Instant closedAt = Instant.parse("2025-02-01T10:00:00Z");
                TicketRow closed = postdesk.database().inTransaction(s -> {
                    s.getMapper(TicketMapper.class).setStatus(1, "closed", closedAt);
                    return s.getMapper(TicketMapper.class).find(1);
                });
                assertThat(closed.closedAt()).isEqualTo(closedAt);

                // Threading reaches what the first release sent, and numbering carries on from its counter.
                Outcome answerToOldAck = ingest(postdesk, "From: anna@example.ru\r\nTo: support@example.com\r\n"
                        + "Subject: Re: We received your request\r\nIn-Reply-To: <postdesk.old-ack@postdesk.test>\r\n"
                        + "Message-ID: <second-2@example.ru>\r\n\r\nThanks\r\n");
                assertThat(answerToOldAck.ticket()).contains("SUP-2");
                Outcome fresh = ingest(postdesk, "From: anna@example.ru\r\nTo: support@example.com\r\n"
                        + "Subject: A new problem\r\nMessage-ID: <third-1@example.ru>\r\n\r\nSomething else\r\n");
                assertThat(fresh.result()).isEqualTo("new");
                assertThat(fresh.ticket()).contains("SUP-3");
            }
        }
    }

    private static Outcome ingest(Postdesk postdesk, String raw) throws Exception {
        long id = postdesk.intake().accept(new Envelope("cli", TestConfigs.SUPPORT, "anna@example.ru",
                List.of(TestConfigs.SUPPORT), "", "test"), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        return postdesk.pipeline().process(id);
    }

    private static void execute(DatabaseSettings db, List<String> statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
