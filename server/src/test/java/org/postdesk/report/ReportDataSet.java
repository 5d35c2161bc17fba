package org.postdesk.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.postdesk.conf.Agent;
import org.postdesk.mail.EmailAddress;
import org.postdesk.sla.BusinessCalendar;
import org.postdesk.store.Database;

/**
 * A fixed week of support, written straight into the tables, whose figures the report tests work out by
 * hand. The week is Monday 2026-11-16 to Sunday 2026-11-22; the report is made on Monday 2026-11-23 at
 * 12:00. The calendar is Europe/Lisbon (UTC+0 in November), Monday to Friday, 09:00-17:00.
 *
 * <pre>
 * ticket  mailbox  created         messages (c customer, a agent)             status   closed          tags
 * SUP-1   support  Mon 16 10:00    c 10:00, a alice 12:00, c 13:00,           closed   Tue 17 11:00    billing
 *                                  a alice 16:00
 * SUP-2   support  Thu 19 16:00    c 16:00, a bob Fri 20 10:00                closed   Fri 20 12:00    billing, vip
 * SUP-3   support  Fri 20 15:00    c 15:00                                    new      -  (bob)
 * SAL-1   sales    Sat 21 10:00    c 10:00, a alice Sat 21 11:00              pending  -  (alice)       vip
 * SUP-0   support  Mon 09 10:00    c 10:00, a alice 11:00, c Wed 18 09:00,    open     -  (alice)
 *                                  a alice Wed 18 12:00
 * SUP-4   support  Tue 17 09:00    c 09:00                                    closed   Tue 17 09:30
 * SUP-5   support  Wed 18 10:00    c 10:00 (merged into SUP-1: left out)      closed   Wed 18 10:05
 * </pre>
 *
 * SLA clocks (target / business time consumed / state): SUP-1 first response 4h / 2h met, resolution
 * 16h / 9h met; SUP-2 first response 1h / 2h met late (breach marked), resolution 16h / 4h met; SUP-3
 * first response 6h / 0 running since Fri 15:00, resolution 4h / 0 running since Fri 15:00; SAL-1 first
 * response 4h / 0 met Sat 11:00, resolution 16h / 0 paused (pending).
 *
 * <p>Survey answers: SUP-1 5 (alice, Tue 17 15:00), SUP-2 3 (bob, Fri 20 13:00).
 */
final class ReportDataSet {

    static final ZoneId ZONE = ZoneId.of("Europe/Lisbon");
    static final LocalDate MONDAY = LocalDate.of(2026, 11, 16);
    static final LocalDate SUNDAY = LocalDate.of(2026, 11, 22);
    static final Instant NOW = at(LocalDate.of(2026, 11, 23), "12:00");
    static final String HOSTILE_SUBJECT = "<script>alert(\"x\")</script> & \"quotes\" </td></svg>";

    static final BusinessCalendar CALENDAR = new BusinessCalendar(ZONE, EnumSet.range(DayOfWeek.MONDAY,
            DayOfWeek.FRIDAY), List.of(BusinessCalendar.Hours.parse("09:00-17:00")), Set.of());

    static final List<Agent> AGENTS = List.of(agent("alice", "Alice"), agent("bob", "Bob <b>"),
            agent("carol", "Carol"));

    private ReportDataSet() {
    }

    static Instant at(LocalDate day, String time) {
        return day.atTime(LocalTime.parse(time)).atZone(ZONE).toInstant();
    }

    /** A day of the week of 2026-11-16 (0 = Monday), or of the week before with a negative number. */
    static Instant day(int offset, String time) {
        return at(MONDAY.plusDays(offset), time);
    }

    private static Agent agent(String local, String name) {
        return new Agent(EmailAddress.of(local + "@example.com"), name, List.of("support"), null, null, false);
    }

    static void write(Database database) {
        database.inTransaction(s -> {
            try {
                write(s.getConnection());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
    }

    private static void write(Connection c) throws SQLException {
        exec(c, "INSERT INTO customer (id, address, name, created_at) VALUES (?, ?, ?, ?)", 1,
                "customer@example.net", "Customer", day(-7, "09:00"));
        ticket(c, 1, "SUP-1", "support", "Invoice twice", "closed", "alice", day(0, "10:00"), day(1, "11:00"), null);
        ticket(c, 2, "SUP-2", "support", "Refund", "closed", "bob", day(3, "16:00"), day(4, "12:00"), null);
        ticket(c, 3, "SUP-3", "support", "Login broken", "new", "bob", day(4, "15:00"), null, null);
        ticket(c, 4, "SAL-1", "sales", "Quote", "pending", "alice", day(5, "10:00"), null, null);
        ticket(c, 5, "SUP-0", "support", HOSTILE_SUBJECT, "open", "alice", day(-7, "10:00"), null, null);
        ticket(c, 6, "SUP-4", "support", "Spam", "closed", null, day(1, "09:00"), day(1, "09:30"), null);
        ticket(c, 7, "SUP-5", "support", "Invoice twice again", "closed", null, day(2, "10:00"), day(2, "10:05"), 1L);

        message(c, 1, "customer", null, day(0, "10:00"));
        message(c, 1, "agent", "alice@example.com", day(0, "12:00"));
        message(c, 1, "customer", null, day(0, "13:00"));
        message(c, 1, "agent", "alice@example.com", day(0, "16:00"));
        message(c, 2, "customer", null, day(3, "16:00"));
        message(c, 2, "agent", "bob@example.com", day(4, "10:00"));
        message(c, 3, "customer", null, day(4, "15:00"));
        message(c, 4, "customer", null, day(5, "10:00"));
        message(c, 4, "agent", "alice@example.com", day(5, "11:00"));
        message(c, 5, "customer", null, day(-7, "10:00"));
        message(c, 5, "agent", "alice@example.com", day(-7, "11:00"));
        message(c, 5, "customer", null, day(2, "09:00"));
        message(c, 5, "note", "alice@example.com", day(2, "10:00"));
        message(c, 5, "agent", "alice@example.com", day(2, "12:00"));
        message(c, 6, "customer", null, day(1, "09:00"));
        message(c, 7, "customer", null, day(2, "10:00"));

        closed(c, 1, "open", day(1, "11:00"));
        closed(c, 2, "pending", day(4, "12:00"));
        closed(c, 6, "new", day(1, "09:30"));
        closed(c, 7, "new", day(2, "10:05"));
        exec(c, "INSERT INTO ticket_event (ticket_id, at, actor, via, type, detail) VALUES (?, ?, ?, ?, ?, ?)", 4,
                day(5, "11:00"), "alice@example.com", "mail", "status-changed", "open -> pending: an agent replied");

        tag(c, 1, "billing");
        tag(c, 2, "billing");
        tag(c, 2, "vip");
        tag(c, 4, "vip");

        long h = 3_600_000L;
        sla(c, 1, "first-response", 4 * h, 2 * h, null, day(0, "12:00"), null);
        sla(c, 1, "resolution", 16 * h, 9 * h, null, day(1, "11:00"), null);
        sla(c, 2, "first-response", 1 * h, 2 * h, null, day(4, "10:00"), day(4, "09:00"));
        sla(c, 2, "resolution", 16 * h, 4 * h, null, day(4, "12:00"), null);
        sla(c, 3, "first-response", 6 * h, 0, day(4, "15:00"), null, null);
        sla(c, 3, "resolution", 4 * h, 0, day(4, "15:00"), null, null);
        sla(c, 4, "first-response", 4 * h, 0, null, day(5, "11:00"), null);
        sla(c, 4, "resolution", 16 * h, 0, null, null, null);

        exec(c, "INSERT INTO survey_answer (ticket_id, score, comment, answered_at, agent) VALUES (?, ?, ?, ?, ?)", 1,
                5, "quick", day(1, "15:00"), "alice@example.com");
        exec(c, "INSERT INTO survey_answer (ticket_id, score, comment, answered_at, agent) VALUES (?, ?, ?, ?, ?)", 2,
                3, null, day(4, "13:00"), "bob@example.com");
    }

    private static void ticket(Connection c, long id, String ref, String mailbox, String subject, String status,
            String assignee, Instant created, Instant closed, Long mergedInto) throws SQLException {
        exec(c, "INSERT INTO ticket (id, ref, prefix, seq, mailbox, subject, status, priority, customer_id, assignee,"
                + " group_name, language, created_at, updated_at, closed_at, merged_into)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 'normal', 1, ?, 'support', 'en', ?, ?, ?, ?)", id, ref,
                ref.substring(0, 3), id, mailbox + "@example.com", subject, status,
                assignee == null ? null : assignee + "@example.com", created, closed == null ? created : closed, closed,
                mergedInto);
    }

    private static void message(Connection c, long ticket, String kind, String from, Instant at) throws SQLException {
        exec(c, "INSERT INTO ticket_message (ticket_id, kind, from_address, created_at) VALUES (?, ?, ?, ?)", ticket,
                kind, from == null ? "customer@example.net" : from, at);
    }

    private static void closed(Connection c, long ticket, String from, Instant at) throws SQLException {
        exec(c, "INSERT INTO ticket_event (ticket_id, at, actor, via, type, detail) VALUES (?, ?, ?, ?, ?, ?)", ticket,
                at, "alice@example.com", "mail", "status-changed", from + " -> closed: #close");
    }

    private static void tag(Connection c, long ticket, String tag) throws SQLException {
        exec(c, "INSERT INTO ticket_tag (ticket_id, tag) VALUES (?, ?)", ticket, tag);
    }

    private static void sla(Connection c, long ticket, String metric, long target, long consumed, Instant running,
            Instant met, Instant breached) throws SQLException {
        exec(c, "INSERT INTO ticket_sla (ticket_id, metric, policy, target_ms, consumed_ms, running_since, met_at,"
                + " breached_at) VALUES (?, ?, 'standard', ?, ?, ?, ?, ?)", ticket, metric, target, consumed, running,
                met, breached);
    }

    private static void exec(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                p.setObject(i + 1, v instanceof Instant at ? Timestamp.from(at) : v);
            }
            p.executeUpdate();
        }
    }
}
