package org.postdesk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.postdesk.conf.DatabaseSettings;
import org.postdesk.testing.DefaultTimeZone;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.TaskView;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketView;

/**
 * A database at V16, written by the release before V17 with the JVM in a zone that is not UTC, is
 * upgraded (on MariaDB V17 turns TIMESTAMP into DATETIME): every stored instant reads back as it did.
 */
class DatetimeUpgradeTest {

    /** Summer and winter times, the hours around offset changes, and TIMESTAMP's last years. */
    private static final List<Instant> KNOWN = Stream.of(
            "2018-01-15T12:00:00.123Z", // São Paulo summer time (-02)
            "2018-07-15T12:00:00.456Z", // São Paulo winter (-03)
            "2010-07-01T10:00:00Z", // Moscow summer time (+04)
            "2010-12-01T10:00:00.999Z", // Moscow winter (+03)
            "2017-10-15T03:30:00Z", // São Paulo, just after the clocks went forward
            "2018-02-18T01:30:00Z", // São Paulo, 23:30 the first time (the hour repeated at summer time's end)
            "2018-02-18T02:30:00Z", // and the second time
            "2014-10-25T21:30:00Z", // Moscow, 01:30 the first time (back from +04 to +03)
            "2014-10-25T22:30:00Z", // and the second time
            "1990-05-01T00:00:00.001Z",
            "2037-12-31T23:59:59.999Z").map(Instant::parse).toList();

    /** The time columns filled below, read back before and after the upgrade. */
    private static final List<String> COLUMNS = List.of("timer.due_at", "timer.created_at", "task.due_at",
            "task.created_at", "ticket_event.at", "customer.created_at", "ticket.created_at", "ticket.updated_at",
            "ticket.closed_at");

    @TempDir
    Path data;

    static Stream<Arguments> backendsAndZones() {
        return Stream.of(Arguments.of(TestDatabase.H2, "America/Sao_Paulo"),
                Arguments.of(TestDatabase.MARIADB, "America/Sao_Paulo"),
                Arguments.of(TestDatabase.MARIADB, "Europe/Moscow"));
    }

    @ParameterizedTest(name = "{0}, JVM in {1}")
    @MethodSource("backendsAndZones")
    void everyInstantReadsBackIdenticalAfterTheUpgrade(TestDatabase backend, String zone) throws Exception {
        assumeTrue(backend == TestDatabase.H2 || TestDatabase.available().contains(TestDatabase.MARIADB),
                "SKIPPED LOUDLY: POSTDESK_TEST_DB_URL is not set, so the upgrade was NOT tested on MariaDB.");
        DefaultTimeZone jvmZone = DefaultTimeZone.set(zone);
        try (TestDatabase.Schema schema = backend.create(data)) {
            DatabaseSettings db = schema.settings();
            Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration")
                    .target("16").load().migrate();
            Map<String, List<Instant>> asTheOldReleaseRead;
            try (Connection old = DriverManager.getConnection(db.url(), db.user(), db.password())) {
                writeAsTheOldReleaseDid(old);
                asTheOldReleaseRead = read(old);
            }
            ZoneId jvm = ZoneId.of(zone);
            // Before the upgrade the old release read back what it wrote, but for a repeated hour's local time.
            for (int i = 0; i < KNOWN.size(); i++) {
                if (!isRepeated(KNOWN.get(i), jvm)) {
                    assertThat(asTheOldReleaseRead.get("timer.due_at").get(i)).isEqualTo(KNOWN.get(i));
                }
            }

            try (Database upgraded = Database.open(db, data)) {
                assertThat(read(upgraded.dataSource())).isEqualTo(asTheOldReleaseRead);
                TicketView ticket = new TicketQueries(upgraded).show(TicketId.parse("SUP-1")).orElseThrow();
                assertThat(ticket.tasks()).extracting(TaskView::due)
                        .containsExactlyElementsOf(asTheOldReleaseRead.get("task.due_at"));
                assertThat(ticket.events()).extracting(TicketView.EventView::at)
                        .containsExactlyInAnyOrderElementsOf(asTheOldReleaseRead.get("ticket_event.at"));
                if (backend == TestDatabase.MARIADB) {
                    assertNoTimestampColumnLeft(upgraded.dataSource());
                    assertThat(wallClockText(upgraded.dataSource(), "2018-01-15 12:00:00.123"))
                            .as("a person looking at the table sees UTC").isOne();
                    assertThat(writtenAndReadNow(upgraded.dataSource()))
                            .as("from V17 on a repeated hour's instants are kept apart too").isEqualTo(KNOWN);
                }
            }
        } finally {
            jvmZone.close();
        }
    }

    /**
     * MariaDB before 10.10 made TIMESTAMP columns with {@code explicit_defaults_for_timestamp} off:
     * NOT NULL where NULL was declared, a zero or CURRENT_TIMESTAMP default, ON UPDATE CURRENT_TIMESTAMP.
     * After V17 such a database has exactly the time columns of one made with it on.
     */
    @Test
    void aDatabaseMadeByMariaDbBefore1010GetsTheDeclaredTimeColumns() throws Exception {
        assumeTrue(TestDatabase.available().contains(TestDatabase.MARIADB),
                "SKIPPED LOUDLY: POSTDESK_TEST_DB_URL is not set, so the upgrade was NOT tested on MariaDB.");
        try (TestDatabase.Schema old = TestDatabase.MARIADB.create(data.resolve("old"));
                TestDatabase.Schema declared = TestDatabase.MARIADB.create(data.resolve("declared"))) {
            DatabaseSettings db = old.settings();
            String url = db.url() + (db.url().contains("?") ? "&" : "?")
                    + "sessionVariables=explicit_defaults_for_timestamp=0";
            Flyway.configure().dataSource(url, db.user(), db.password()).locations("classpath:db/migration")
                    .target("16").load().migrate();
            Map<String, String> before = timeColumns(old.settings());
            assertThat(before.get("ticket.closed_at")).as("what MariaDB before 10.10 made").contains("NO");
            Database.open(old.settings(), data.resolve("old")).close();
            Database.open(declared.settings(), data.resolve("declared")).close();
            assertThat(timeColumns(old.settings())).isEqualTo(timeColumns(declared.settings()))
                    .containsEntry("ticket.closed_at", "datetime YES NULL ")
                    .containsEntry("ticket.created_at", "datetime NO null ");
        }
    }

    /** Each time column of the schema: type, nullable, default and extra. */
    private static Map<String, String> timeColumns(DatabaseSettings db) throws SQLException {
        Map<String, String> columns = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT table_name, column_name, data_type, is_nullable, column_default,"
                        + " extra FROM information_schema.columns WHERE table_schema = DATABASE()"
                        + " AND data_type IN ('timestamp', 'datetime') AND table_name <> 'flyway_schema_history'")) {
            while (r.next()) {
                columns.put(r.getString(1) + "." + r.getString(2), r.getString(3) + " " + r.getString(4) + " "
                        + (r.getString(5) == null ? "null" : r.getString(5)) + " " + r.getString(6));
            }
        }
        return columns;
    }

    private static boolean isRepeated(Instant instant, ZoneId zone) {
        return zone.getRules().getValidOffsets(LocalDateTime.ofInstant(instant, zone)).size() > 1;
    }

    /**
     * Rows holding every known instant, bound as MyBatis's InstantTypeHandler binds an Instant
     * ({@code setTimestamp(Timestamp.from(instant))}) on a connection with the driver's defaults, as the
     * release before V17 had.
     */
    private static void writeAsTheOldReleaseDid(Connection c) throws SQLException {
        Timestamp first = Timestamp.from(KNOWN.get(0));
        try (PreparedStatement customer = c.prepareStatement(
                "INSERT INTO customer (id, address, created_at) VALUES (1, 'ann@customer.test', ?)");
                PreparedStatement ticket = c.prepareStatement("INSERT INTO ticket (id, ref, prefix, seq, mailbox,"
                        + " subject, status, priority, customer_id, group_name, created_at, updated_at, closed_at)"
                        + " VALUES (1, 'SUP-1', 'SUP', 1, 'support@example.com', 'Old', 'closed', 'normal', 1,"
                        + " 'support', ?, ?, ?)");
                PreparedStatement timer = c.prepareStatement("INSERT INTO timer (kind, ticket_id, due_at, status,"
                        + " created_at, attempts) VALUES ('snooze', 1, ?, 'fired', ?, 1)");
                PreparedStatement task = c.prepareStatement("INSERT INTO task (ticket_id, owner, due_at, description,"
                        + " status, created_by, created_at) VALUES (1, 'alice@example.com', ?, 'call', 'open',"
                        + " 'alice@example.com', ?)");
                PreparedStatement event = c.prepareStatement("INSERT INTO ticket_event (ticket_id, at, actor, via,"
                        + " type, detail) VALUES (1, ?, 'postdesk', 'rule', 'note', 'known instant')")) {
            customer.setTimestamp(1, first);
            customer.execute();
            ticket.setTimestamp(1, first);
            ticket.setTimestamp(2, Timestamp.from(KNOWN.get(1)));
            ticket.setTimestamp(3, Timestamp.from(KNOWN.get(KNOWN.size() - 1)));
            ticket.execute();
            for (Instant instant : KNOWN) {
                Timestamp t = Timestamp.from(instant);
                timer.setTimestamp(1, t);
                timer.setTimestamp(2, t);
                timer.execute();
                task.setTimestamp(1, t);
                task.setTimestamp(2, t);
                task.execute();
                event.setTimestamp(1, t);
                event.execute();
            }
        }
    }

    private static Map<String, List<Instant>> read(DataSource db) throws SQLException {
        try (Connection c = db.getConnection()) {
            return read(c);
        }
    }

    /** Each column's values in row order, read as InstantTypeHandler reads them ({@code getTimestamp}). */
    private static Map<String, List<Instant>> read(Connection c) throws SQLException {
        Map<String, List<Instant>> values = new LinkedHashMap<>();
        for (String column : COLUMNS) {
            String[] tableAndColumn = column.split("\\.");
            List<Instant> read = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT " + tableAndColumn[1]
                    + " FROM " + tableAndColumn[0] + " ORDER BY id")) {
                while (r.next()) {
                    Timestamp t = r.getTimestamp(1);
                    read.add(t == null ? null : t.toInstant());
                }
            }
            values.put(column, read);
        }
        return values;
    }

    /** The known instants written and read through the upgraded pool, as the mappers bind them. */
    private static List<Instant> writtenAndReadNow(DataSource db) throws SQLException {
        List<Instant> read = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO timer (kind, due_at, status, created_at,"
                    + " attempts) VALUES ('probe', ?, 'pending', ?, 0)")) {
                for (Instant instant : KNOWN) {
                    insert.setTimestamp(1, Timestamp.from(instant));
                    insert.setTimestamp(2, Timestamp.from(instant));
                    insert.execute();
                }
            }
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT due_at FROM timer WHERE kind = 'probe' ORDER BY id")) {
                while (r.next()) {
                    read.add(r.getTimestamp(1).toInstant());
                }
            }
            c.rollback();
        }
        return read;
    }

    private static void assertNoTimestampColumnLeft(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT table_name, column_name FROM information_schema.columns"
                        + " WHERE table_schema = DATABASE() AND data_type = 'timestamp'"
                        + " AND table_name <> 'flyway_schema_history'")) {
            List<String> left = new ArrayList<>();
            while (r.next()) {
                left.add(r.getString(1) + "." + r.getString(2));
            }
            assertThat(left).as("TIMESTAMP columns after every migration: a MariaDB TIMESTAMP ends in 2038,"
                    + " so a time column is DATETIME(3) holding UTC (see V17)").isEmpty();
        }
    }

    private static int wallClockText(DataSource db, String text) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM timer WHERE CAST(due_at AS CHAR) = '" + text + "'")) {
            r.next();
            return r.getInt(1);
        }
    }
}
