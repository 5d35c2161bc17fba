package org.postdesk.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * Fills a migrated, empty database with {@code tickets} closed-and-answered tickets the way Postdesk would
 * have left them: a customer (four tickets each), the ticket, the customer's message, an event and the
 * acknowledgement in the outbox. The database makes the rows itself, {@code INSERT ... SELECT} over a
 * number range (H2's SYSTEM_RANGE, MariaDB's Sequence engine), 100,000 at a time: a million tickets load
 * in about a minute on MariaDB and three on H2 (2 cores), where multi-row INSERTs sent from here took 18.
 */
final class Preload {

    private static final int ROWS_PER_STATEMENT = 100_000;
    private static final String AT = "'2025-06-01 12:00:00.000'";

    private Preload() {
    }

    static void load(DataSource db, int tickets, boolean h2) throws SQLException {
        int customers = Math.max(1, tickets / 4);
        String customer = "(MOD(n - 1, " + customers + ") + 1)";
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            insert(c, s, h2, customers, "customer (id, address, name, created_at)",
                    "n, CONCAT('old', n, '@customer.test'), CONCAT('Customer ', n), " + AT);
            insert(c, s, h2, tickets, "ticket (id, ref, prefix, seq, mailbox, subject, status, priority, customer_id,"
                    + " group_name, language, created_at, updated_at, closed_at)",
                    "n, CONCAT('SUP-', n), 'SUP', n, 'support@example.com', CONCAT('Old question ', n), 'closed',"
                            + " 'normal', " + customer + ", 'support', 'en', " + AT + ", " + AT + ", " + AT);
            insert(c, s, h2, tickets, "ticket_message (id, ticket_id, inbox_id, kind, message_id, content_hash,"
                    + " from_address, subject, text_body, visible_text, created_at)",
                    "n, n, NULL, 'customer', CONCAT('old', n, '@customer.test'), LPAD(CONCAT('', n), 64, '0'),"
                            + " CONCAT('old', " + customer + ", '@customer.test'), CONCAT('Old question ', n),"
                            + " CONCAT('The printer stopped again, ticket ', n, '.'), 'The printer stopped again.', "
                            + AT);
            insert(c, s, h2, tickets, "ticket_event (id, ticket_id, at, actor, via, type, detail)",
                    "n, n, " + AT + ", 'postdesk', 'mail', 'created', 'no known reference'");
            insert(c, s, h2, tickets, "outbox (id, ticket_id, kind, message_id, envelope_from, recipients, raw, status,"
                    + " attempts, next_attempt_at, created_at, sent_at)",
                    "n, n, 'acknowledgement', CONCAT('postdesk.old', n, '@postdesk.bench'), 'support@example.com',"
                            + " CONCAT('old', " + customer + ", '@customer.test'), X'5375626A6563743A206F6C640D0A',"
                            + " 'sent', 1, " + AT + ", " + AT + ", " + AT);
            // Postdesk makes the counter when it starts, and it has not started on this database yet.
            if (s.executeUpdate("UPDATE ticket_counter SET last_number = " + tickets + " WHERE prefix = 'SUP'") == 0) {
                s.executeUpdate("INSERT INTO ticket_counter (prefix, last_number) VALUES ('SUP', " + tickets + ")");
            }
            if (h2) {
                // H2 does not move an identity past explicitly inserted ids (MariaDB's AUTO_INCREMENT does).
                for (String table : new String[] {"customer", "ticket", "ticket_message", "ticket_event", "outbox"}) {
                    s.execute("ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH " + (tickets + 1));
                }
            }
            c.commit();
        }
    }

    private static void insert(Connection c, Statement s, boolean h2, int rows, String into, String values)
            throws SQLException {
        for (int from = 1; from <= rows; from += ROWS_PER_STATEMENT) {
            int to = Math.min(rows, from + ROWS_PER_STATEMENT - 1);
            String range = h2 ? "SYSTEM_RANGE(" + from + ", " + to + ") AS r(n)"
                    : "(SELECT seq AS n FROM seq_" + from + "_to_" + to + ") r";
            s.executeUpdate("INSERT INTO " + into + " SELECT " + values + " FROM " + range);
            c.commit();
        }
    }
}
