package org.postdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.internet.MimeUtility;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.postdesk.testing.TestDatabase;

/**
 * {@code ticket list}: text search over subjects and bodies (Russian and Portuguese, short words and
 * stopwords that MariaDB's FULLTEXT index leaves out), date ranges in conf's time zone, the "needs
 * attention first" order, the 80-column table and {@code --json}, on H2 and on MariaDB.
 */
class TicketListCliTest {

    private static final String AGENT = "agent@example.com";

    @TempDir
    Path home;

    private Path conf;
    private TestDatabase.Schema schema;
    private final List<Path> mails = new ArrayList<>();

    private void install(TestDatabase db) throws IOException {
        schema = db.create(home.resolve("data"));
        // A ticket made at 22:30 UTC was made on the next day in conf's zone.
        conf = CliConf.write(home, schema.settings());
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    private CliRun run(String... args) {
        return CliRun.of(conf, args);
    }

    private CliRun ok(String... args) {
        CliRun r = run(args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    /** A mail for the next {@link #ingestAll()}; it becomes SUP-n in the order of the calls. */
    private void mail(String from, String subject, String body, String id, String inReplyTo) throws IOException {
        String headers = "From: " + from + "\r\nTo: support@example.com\r\nSubject: "
                + MimeUtility.encodeText(subject, "UTF-8", "B") + "\r\nMessage-ID: <" + id + ">\r\n"
                + (inReplyTo == null ? "" : "In-Reply-To: <" + inReplyTo + ">\r\n")
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n";
        mails.add(Files.writeString(home.resolve("m" + mails.size() + ".eml"), headers + "\r\n" + body + "\r\n",
                StandardCharsets.UTF_8));
    }

    private void mail(String from, String subject, String body) throws IOException {
        mail(from, subject, body, "m" + mails.size() + "@customer.test", null);
    }

    private void ingestAll() {
        List<String> args = new ArrayList<>(List.of("ingest"));
        mails.forEach(m -> args.add(m.toString()));
        assertThat(ok(args.toArray(String[]::new)).out().lines()).hasSize(mails.size())
                .allSatisfy(line -> assertThat(line).containsAnyOf(": SUP-", ": reply"));
        mails.clear();
    }

    private List<String> ids(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("ticket", "list", "--json"));
        all.addAll(List.of(args));
        List<String> ids = new ArrayList<>();
        for (JsonNode t : new ObjectMapper().readTree(ok(all.toArray(String[]::new)).out())) {
            ids.add(t.get("id").asText());
        }
        return ids;
    }

    private Connection sql() throws SQLException {
        Properties login = new Properties();
        if (!schema.settings().user().isEmpty()) {
            login.setProperty("user", schema.settings().user());
            login.setProperty("password", schema.settings().password());
        }
        return DriverManager.getConnection(schema.settings().url(), login);
    }

    private void update(String sql, Object... values) throws SQLException {
        try (Connection c = sql(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i] instanceof Instant at ? Timestamp.from(at) : values[i]);
            }
            s.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void textSearchFindsEveryWordInSubjectsAndBodiesInAnyCaseAndWithOrWithoutAccents(TestDatabase db)
            throws Exception {
        install(db);
        mail("Ann <ann@acme.test>", "Принтер не печатает", "Добрый день, принтер сломался. Да, опять. Ёлка в офисе.");
        mail("Bia <bia@empresa.test>", "Fatura em atraso", "A emissão da fatura não funcionou. Obrigado pela atenção.");
        mail("Cy <cy@acme.test>", "Refund for order 42", "Please refund my TV order, ok?", "c1@acme.test", null);
        mail("Dee <dee@other.test>", "Tray jammed", "The printer_tray is stuck. Order 42 of 2025.");
        ingestAll();
        mail("Cy <cy@acme.test>", "Re: Refund for order 42", "The courier never came.", "c2@acme.test", "c1@acme.test");
        ingestAll();

        assertThat(ids("--text", "принтер")).as("Russian, in the subject and body").containsExactly("SUP-1");
        assertThat(ids("--text", "ПЕЧАТАЕТ")).as("any case").containsExactly("SUP-1");
        assertThat(ids("--text", "да")).as("a two-letter word, under InnoDB's min token size").containsExactly("SUP-1");
        assertThat(ids("--text", "елка")).as("ё written as е").containsExactly("SUP-1");
        assertThat(ids("--text", "emissão")).as("Portuguese with accents").containsExactly("SUP-2");
        assertThat(ids("--text", "atenção não")).containsExactly("SUP-2");
        assertThat(ids("--text", "emissao atencao")).as("accents optional").containsExactly("SUP-2");
        assertThat(ids("--text", "refund tv")).as("a short word with a long one").containsExactly("SUP-3");
        assertThat(ids("--text", "ok")).containsExactly("SUP-3");
        assertThat(ids("--text", "for order")).as("an InnoDB stopword").containsExactly("SUP-3");
        assertThat(ids("--text", "refund courier")).as("words of different messages of one ticket")
                .containsExactly("SUP-3");
        assertThat(ids("--text", "printer")).as("a whole word: not printer_tray").isEmpty();
        assertThat(ids("--text", "printer_tray")).containsExactly("SUP-4");
        assertThat(ids("--text", "Printer_Tray!")).containsExactly("SUP-4");
        assertThat(ids("--text", "order 42")).containsExactlyInAnyOrder("SUP-3", "SUP-4");
        assertThat(ids("--text", "refund printer")).as("every word must occur").isEmpty();

        assertThat(ids("--text", "refund", "--customer", "cy@acme.test")).containsExactly("SUP-3");
        assertThat(ids("--text", "refund", "--customer", "ann@acme.test")).isEmpty();
        assertThat(ids("--text", "refund", "--status", "closed")).isEmpty();
        ok("ticket", "close", "SUP-3", "--as", AGENT);
        assertThat(ids("--text", "refund", "--status", "closed")).containsExactly("SUP-3");

        assertThat(ok("ticket", "list", "--text", "fatura").out())
                .contains("SUP-2").contains("Fatura em atraso").doesNotContain("SUP-1").doesNotContain("SUP-3");
        CliRun noWords = run("ticket", "list", "--text", "?!");
        assertThat(noWords.exit()).isEqualTo(2);
        assertThat(noWords.err()).contains("--text '?!' has no words to search for");
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void dateRangesAreDaysAndTimesInTheConfiguredZone(TestDatabase db) throws Exception {
        install(db);
        mail("Ann <ann@acme.test>", "One", "first");
        mail("Bia <bia@empresa.test>", "Two", "second");
        mail("Cy <cy@acme.test>", "Three", "third");
        ingestAll();
        // Moscow: SUP-1 created 2026-03-01 23:00, SUP-2 2026-03-02 01:30, SUP-3 2026-03-03 12:00.
        update("UPDATE ticket SET created_at = ?, updated_at = ? WHERE ref = 'SUP-1'",
                Instant.parse("2026-03-01T20:00:00Z"), Instant.parse("2026-03-10T09:00:00Z"));
        update("UPDATE ticket SET created_at = ?, updated_at = ? WHERE ref = 'SUP-2'",
                Instant.parse("2026-03-01T22:30:00Z"), Instant.parse("2026-03-02T09:00:00Z"));
        update("UPDATE ticket SET created_at = ?, updated_at = ? WHERE ref = 'SUP-3'",
                Instant.parse("2026-03-03T09:00:00Z"), Instant.parse("2026-03-03T09:00:00Z"));

        assertThat(ids()).as("all three").containsExactlyInAnyOrder("SUP-1", "SUP-2", "SUP-3");
        assertThat(ids("--created-from", "2026-03-02")).containsExactlyInAnyOrder("SUP-2", "SUP-3");
        assertThat(ids("--created-to", "2026-03-01")).as("the whole day, and only it").containsExactly("SUP-1");
        assertThat(ids("--created-from", "2026-03-02", "--created-to", "2026-03-02")).containsExactly("SUP-2");
        assertThat(ids("--created-from", "2026-03-02 01:30")).containsExactlyInAnyOrder("SUP-2", "SUP-3");
        assertThat(ids("--created-from", "2026-03-02T01:31")).containsExactly("SUP-3");
        assertThat(ids("--created-to", "2026-03-02 01:30")).as("the end is exclusive").containsExactly("SUP-1");
        assertThat(ids("--updated-from", "2026-03-05")).containsExactly("SUP-1");
        assertThat(ids("--updated-to", "2026-03-03", "--created-from", "2026-03-02")).containsExactly("SUP-2", "SUP-3");
        assertThat(ids("--updated-from", "2026-03-01", "--text", "second")).containsExactly("SUP-2");

        CliRun bad = run("ticket", "list", "--created-from", "March 2nd");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--created-from: 'March' is not a date; write it as 2026-12-01");
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void ticketsNeedingAttentionComeFirst(TestDatabase db) throws Exception {
        // ref, status, priority, what else, last customer message (UTC), updated (UTC)
        String[][] table = {
            {"SUP-1", "open", "normal", "", "2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z"},
            {"SUP-2", "new", "normal", "", "2026-03-01T09:00:00Z", "2026-03-01T09:00:00Z"},
            {"SUP-3", "new", "urgent", "", "2026-03-01T12:00:00Z", "2026-03-01T12:00:00Z"},
            {"SUP-4", "open", "normal", "sla-breached", "2026-03-01T11:00:00Z", "2026-03-01T11:00:00Z"},
            {"SUP-5", "new", "low", "overdue-task", "2026-03-01T08:00:00Z", "2026-03-01T08:00:00Z"},
            {"SUP-6", "new", "high", "", "2026-03-01T13:00:00Z", "2026-03-01T13:00:00Z"},
            {"SUP-7", "pending", "urgent", "", "2026-03-01T07:00:00Z", "2026-03-02T10:00:00Z"},
            {"SUP-8", "snoozed", "normal", "", "2026-03-01T07:00:00Z", "2026-03-01T10:00:00Z"},
            {"SUP-9", "closed", "normal", "", "2026-03-01T07:00:00Z", "2026-03-02T10:00:00Z"},
            {"SUP-10", "closed", "high", "", "2026-03-01T07:00:00Z", "2026-03-03T10:00:00Z"},
            {"SUP-11", "pending", "normal", "", "2026-03-01T07:00:00Z", "2026-03-02T09:00:00Z"},
            {"SUP-12", "open", "high", "sla-met", "2026-03-01T06:00:00Z", "2026-03-01T06:00:00Z"},
            {"SUP-13", "new", "normal", "done-task", "2026-03-01T08:30:00Z", "2026-03-01T08:30:00Z"},
        };
        // Written out by hand from the rule in README ("Listing and searching tickets").
        List<String> expected = List.of(
                "SUP-5", // urgent rank (overdue task), waiting since 08:00
                "SUP-4", // urgent rank (SLA breached), 11:00
                "SUP-3", // urgent, 12:00
                "SUP-12", // high (its SLA was met, not breached), 06:00
                "SUP-6", // high, 13:00
                "SUP-13", // waiting on an agent (its task is done), 08:30
                "SUP-2", // waiting, 09:00
                "SUP-1", // waiting, 10:00
                "SUP-11", // pending, updated 03-02 09:00
                "SUP-7", // pending (urgent, but the customer has the ball), updated 03-02 10:00
                "SUP-8", // snoozed
                "SUP-10", // closed, latest first: 03-03
                "SUP-9"); // closed, 03-02
        install(db);
        for (String[] row : table) {
            mail("Customer <c" + row[0].substring(4) + "@acme.test>", "Question number " + row[0].substring(4), "Hello");
        }
        ingestAll();
        for (String[] row : table) {
            switch (row[1]) {
                case "open" -> ok("ticket", "status", row[0], "open", "--as", AGENT);
                case "pending" -> ok("ticket", "status", row[0], "pending", "--as", AGENT);
                case "snoozed" -> ok("ticket", "snooze", row[0], "2d", "--as", AGENT);
                case "closed" -> ok("ticket", "close", row[0], "--as", AGENT);
                default -> {
                }
            }
            if (!row[2].equals("normal")) {
                ok("ticket", "priority", row[0], row[2], "--as", AGENT);
            }
            if (row[3].endsWith("-task")) {
                ok("ticket", "task", row[0], "me", "2030-01-01", "call", "them", "--as", AGENT);
                // The task fell due yesterday; a done one never counts.
                update("UPDATE task SET due_at = ?, status = ? WHERE ticket_id = (SELECT id FROM ticket WHERE ref = ?)",
                        Instant.now().minusSeconds(86_400), row[3].equals("overdue-task") ? "open" : "done", row[0]);
            }
            if (row[3].startsWith("sla-")) {
                Instant at = Instant.parse(row[4]);
                update("INSERT INTO ticket_sla (ticket_id, metric, policy, target_ms, consumed_ms, breached_at, met_at)"
                        + " SELECT id, 'first-response', 'test', 1000, 2000, ?, ? FROM ticket WHERE ref = ?",
                        row[3].equals("sla-breached") ? at : null, row[3].equals("sla-met") ? at : null, row[0]);
            }
            update("UPDATE ticket_message SET created_at = ? WHERE kind = 'customer'"
                    + " AND ticket_id = (SELECT id FROM ticket WHERE ref = ?)", Instant.parse(row[4]), row[0]);
            update("UPDATE ticket SET created_at = ?, updated_at = ? WHERE ref = ?", Instant.parse(row[4]),
                    Instant.parse(row[5]), row[0]);
        }

        assertThat(ids()).containsExactlyElementsOf(expected);
        assertThat(ids("--text", "hello")).as("a search keeps the order").containsExactlyElementsOf(expected);
        assertThat(ids("--limit", "3")).containsExactly("SUP-5", "SUP-4", "SUP-3");
        CliRun table3 = ok("ticket", "list", "--limit", "3");
        assertThat(table3.out()).contains("(the first 3 shown; narrow the filters or raise --limit)");
        assertThat(ok("ticket", "list", "--limit", "13").out()).doesNotContain("first 13 shown");
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void theTableFitsEightyColumnsUnlessWide(TestDatabase db) throws Exception {
        install(db);
        String russian = "Не приходит счёт за октябрь, хотя оплата прошла третьего числа, проверьте пожалуйста";
        mail("Константин Константинопольский <konstantin.konstantinopolsky@very-long-company-name.example>",
                russian, "Текст");
        mail("Ann <ann@acme.test>", "Short", "Text");
        mail("Bia <bia@empresa.test>", "Fatura de outubro não chegou, já paguei há três semanas e preciso dela",
                "Texto");
        ingestAll();

        String table = ok("ticket", "list").out();
        assertThat(table.lines()).hasSize(4);
        assertThat(table.lines()).allSatisfy(line -> assertThat(line.codePointCount(0, line.length()))
                .as(line).isLessThanOrEqualTo(80));
        assertThat(table).contains("Не приходит счёт").contains("…").contains("Short")
                .doesNotContain("проверьте пожалуйста");
        assertThat(table.lines().findFirst().orElseThrow()).startsWith("ID").contains("STATUS").contains("SUBJECT");

        String wide = ok("ticket", "list", "--wide").out();
        assertThat(wide).contains(russian).contains("konstantin.konstantinopolsky@very-long-company-name.example");

        JsonNode json = new ObjectMapper().readTree(ok("ticket", "list", "--json", "--text", "счёт").out());
        assertThat(json).singleElement().satisfies(t -> assertThat(t.get("subject").asText()).isEqualTo(russian));
    }
}
