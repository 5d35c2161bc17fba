package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * MariaDB: every TIMESTAMP column becomes a DATETIME of the same precision, so dates after
 * 2038-01-19 03:14:07 UTC (a task due in 2040, {@code #snooze 2040-01-01}) can be stored. H2: nothing
 * to do, its TIMESTAMP reaches the year 9999 (and in MariaDB mode DATETIME is the same type).
 *
 * <p>Why no stored instant moves. A MariaDB TIMESTAMP holds UTC and is shown in the session's
 * {@code time_zone}; a DATETIME holds the wall-clock time it was given. Up to V16 Connector/J ran with
 * its defaults: it wrote the {@code java.sql.Timestamp} MyBatis binds for an {@code Instant} as the
 * wall-clock time of the JVM's default zone, the server read that text in the session's zone (the
 * server's {@code @@global.time_zone}, as nothing set another) and stored it as UTC; a read went the
 * same way back. From V17 on {@code Database} makes the driver and the session talk UTC, so a
 * DATETIME holds the UTC wall-clock time of the instant. The migration turns each value into exactly
 * the instant the old code read from it:
 * <ol>
 *   <li>With the session in the server's default zone, {@code MODIFY ... DATETIME} writes each
 *       TIMESTAMP as the wall-clock text the old code received (MariaDB converts TIMESTAMP to DATETIME
 *       in the session's zone).
 *   <li>The old driver read that text as a time of the JVM's default zone. For each span of local time
 *       between two of that zone's offset changes, the offset the old driver's {@code Calendar} gave
 *       (the same lenient resolution of skipped and repeated hours) is put in a small temporary table,
 *       and one UPDATE per table subtracts it, leaving UTC. With the JVM in UTC, the usual container
 *       set-up, the offset is 0 everywhere and this step is skipped.
 * </ol>
 * So every instant reads back as before, whatever the JVM's and the server's zones were, provided the
 * JVM that upgrades runs in the zone the earlier release ran in (it is the same host or image; instances
 * that ran in different zones wrote shifted values already). Only the wall-clock text MariaDB shows a
 * person changes: it is UTC now.
 *
 * <p>NULL and NOT NULL are kept as the migrations declare them, and no time column has a default, as
 * none was declared (see {@link #DECLARED_NULL} for what MariaDB before 10.10 made of them).
 *
 * <p>Flyway's own history table is left as it is: it is Flyway's, and only holds when migrations ran.
 * MariaDB cannot change a column's type in a transaction, so each table is changed and corrected in
 * turn; a failure between the two leaves that table to be fixed by hand (the error names it).
 */
public class V17__datetime_columns extends BaseJavaMigration {

    /** TIMESTAMP's range in any zone, with a day's margin: only these years can hold data to correct. */
    private static final LocalDateTime FIRST = LocalDateTime.of(1969, 12, 30, 0, 0);
    private static final LocalDateTime LAST = LocalDateTime.of(2038, 1, 21, 0, 0);
    private static final LocalDateTime LOWEST = LocalDateTime.of(1000, 1, 1, 0, 0);
    private static final DateTimeFormatter SQL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        if (c.getMetaData().getDatabaseProductName().startsWith("H2")) {
            return;
        }
        Map<String, List<Column>> columns = timestampColumns(c, context.getConfiguration().getTable());
        if (columns.isEmpty()) {
            return;
        }
        List<Span> spans = Span.ofOldDriver(TimeZone.getDefault());
        boolean shift = spans.stream().anyMatch(s -> s.toUtcSeconds() != 0);
        try (Statement s = c.createStatement()) {
            if (shift) {
                s.execute("CREATE TEMPORARY TABLE v17_local_span (local_from DATETIME NOT NULL PRIMARY KEY,"
                        + " to_utc_seconds INT NOT NULL)");
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO v17_local_span VALUES (?, ?)")) {
                    for (Span span : spans) {
                        insert.setString(1, SQL.format(span.from()));
                        insert.setInt(2, span.toUtcSeconds());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            s.execute("SET time_zone = @@global.time_zone");
            try {
                for (Map.Entry<String, List<Column>> table : columns.entrySet()) {
                    s.execute("ALTER TABLE `" + table.getKey() + "` "
                            + String.join(", ", table.getValue().stream().map(Column::modify).toList()));
                    if (shift) {
                        s.execute(toUtc(table.getKey(), table.getValue()));
                    }
                }
            } finally {
                s.execute("SET time_zone = '+00:00'");
                if (shift) {
                    s.execute("DROP TEMPORARY TABLE v17_local_span");
                }
            }
        }
    }

    /**
     * The time columns V1 to V16 declare without NOT NULL. MariaDB before 10.10 creates tables with
     * {@code explicit_defaults_for_timestamp} off: there a TIMESTAMP declared without NOT NULL became
     * NOT NULL DEFAULT '0000-00-00', a NULL written to it stored the current time instead (a ticket's
     * closed_at, a task's done_at), and each table's first TIMESTAMP got DEFAULT and ON UPDATE
     * CURRENT_TIMESTAMP (ticket.created_at took the time of every later UPDATE). None of that was
     * declared, and kept on a DATETIME the NOT NULL would refuse the NULLs outright, so the columns
     * are made as the migrations declare them: these nullable, the others NOT NULL, none with a default.
     */
    private static final Set<String> DECLARED_NULL = Set.of("inbox.processed_at", "ticket_message.sent_date",
            "outbox.lease_until", "outbox.sent_at", "outbox.bounced_at", "ticket.closed_at", "imap_state.lease_until",
            "imap_state.last_success", "imap_state.last_error_at", "task.done_at", "timer.lease_until",
            "timer.fired_at", "timer.cancelled_at", "ticket_sla.running_since", "ticket_sla.due_at",
            "ticket_sla.met_at", "ticket_sla.warned_at", "ticket_sla.breached_at", "assignment_queue.left_at");

    /** A TIMESTAMP column and the {@code MODIFY} clause that makes it a DATETIME as declared. */
    private record Column(String name, String modify) {
    }

    /** Per table, its TIMESTAMP columns, each keeping its precision, with the NULL it was declared with. */
    private static Map<String, List<Column>> timestampColumns(Connection c, String flywayTable) throws SQLException {
        Map<String, List<Column>> columns = new LinkedHashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT col.table_name, col.column_name, col.is_nullable,"
                + " col.datetime_precision FROM information_schema.columns col"
                + " JOIN information_schema.tables tab ON tab.table_schema = col.table_schema"
                + " AND tab.table_name = col.table_name WHERE col.table_schema = DATABASE()"
                + " AND tab.table_type = 'BASE TABLE' AND col.data_type = 'timestamp' AND col.table_name <> ?"
                + " ORDER BY col.table_name, col.ordinal_position")) {
            q.setString(1, flywayTable);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    String table = r.getString(1);
                    String name = r.getString(2);
                    boolean nullable = "YES".equals(r.getString(3)) || DECLARED_NULL.contains(table + "." + name);
                    columns.computeIfAbsent(table, t -> new ArrayList<>()).add(new Column(name, "MODIFY `" + name
                            + "` DATETIME(" + r.getInt(4) + ")" + (nullable ? " NULL" : " NOT NULL")));
                }
            }
        }
        return columns;
    }

    /** Every column in one statement, each reading only its own old value. */
    private static String toUtc(String table, List<Column> columns) {
        List<String> sets = new ArrayList<>();
        for (String n : columns.stream().map(Column::name).toList()) {
            // The spans follow each other, so a value's is the last one starting at or before it: one index
            // lookup (a range test on both ends scanned every earlier span, three times slower on 200,000
            // rows). COALESCE: a value before every span (MariaDB's zero date) stays as it is.
            sets.add("`" + n + "` = TIMESTAMPADD(SECOND, COALESCE((SELECT s.to_utc_seconds FROM v17_local_span s"
                    + " WHERE s.local_from <= t.`" + n + "` ORDER BY s.local_from DESC LIMIT 1), 0), t.`" + n + "`)");
        }
        return "UPDATE `" + table + "` t SET " + String.join(", ", sets);
    }

    /**
     * A span of local wall-clock time, from {@code from} to the next span's start, that the old driver
     * turned into instants with one offset; {@code toUtcSeconds} turns such a time into UTC.
     */
    record Span(LocalDateTime from, int toUtcSeconds) {

        /**
         * Spans that cover every date MariaDB accepts; their edges are where {@code zone} changes offset
         * (both wall-clock ends of each skipped or repeated hour) within TIMESTAMP's years.
         */
        static List<Span> ofOldDriver(TimeZone zone) {
            ZoneRules rules = zone.toZoneId().getRules();
            TreeSet<LocalDateTime> edges = new TreeSet<>();
            ZoneOffsetTransition t = rules.nextTransition(FIRST.toInstant(ZoneOffset.UTC).minusSeconds(2 * 86_400));
            while (t != null && t.getDateTimeBefore().isBefore(LAST)) {
                edges.add(t.getDateTimeBefore());
                edges.add(t.getDateTimeAfter());
                t = rules.nextTransition(t.getInstant());
            }
            edges.removeIf(e -> e.isBefore(FIRST) || !e.isBefore(LAST));
            List<Span> spans = new ArrayList<>();
            LocalDateTime from = LOWEST;
            // The first span is asked where data can be (its start is centuries before any), the others
            // at their start: a repeated or skipped hour is a span of its own, resolved as the driver did.
            LocalDateTime asked = edges.isEmpty() ? FIRST : edges.first().minusSeconds(1);
            for (LocalDateTime edge : edges) {
                spans.add(new Span(from, toUtcSeconds(zone, asked)));
                from = edge;
                asked = edge;
            }
            spans.add(new Span(from, toUtcSeconds(zone, asked)));
            return spans;
        }

        /**
         * What Connector/J 3.5 did with a DATETIME or TIMESTAMP text when it had no calendar of its own
         * ({@code TimestampColumn.localDateTimeToInstant}): set the fields of a default-zone calendar.
         */
        static int toUtcSeconds(TimeZone zone, LocalDateTime local) {
            Calendar cal = Calendar.getInstance(zone);
            cal.set(local.getYear(), local.getMonthValue() - 1, local.getDayOfMonth(), local.getHour(),
                    local.getMinute(), local.getSecond());
            cal.set(Calendar.MILLISECOND, 0);
            return (int) ((cal.getTimeInMillis() - local.toEpochSecond(ZoneOffset.UTC) * 1000) / 1000);
        }
    }
}
