package org.postdesk.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

import org.postdesk.store.MessageWordsTrigger;
import org.postdesk.ticket.SearchWords;

/**
 * Fills a migrated, empty database with {@code tickets} closed-and-answered tickets the way Postdesk would
 * have left them: a customer (four tickets each), the ticket, the customer's message, an event and the
 * acknowledgement in the outbox. The database makes the rows itself, {@code INSERT ... SELECT} over a
 * number range (H2's SYSTEM_RANGE, MariaDB's Sequence engine), 100,000 at a time: a million tickets load
 * in about a minute on MariaDB and three on H2 (2 cores), where multi-row INSERTs sent from here took 18.
 *
 * <p>On H2 the text index ({@code message_word}, migration V9) is filled the same way: its trigger, which
 * cuts each inserted message into words, one prepared batch per message, was most of a 14-minute preload.
 * So the trigger is dropped while the messages go in and the words are inserted a word at a time over the
 * number range, in the table's key order, then the trigger is put back as V9 made it. The words are the
 * messages' own, cut by {@link SearchWords} as the trigger cuts them, and a few messages are checked against
 * the table afterwards, so the preloaded index is the one the trigger would have made.
 */
final class Preload {

    private static final int ROWS_PER_STATEMENT = 100_000;
    private static final String AT = "'2025-06-01 12:00:00.000'";
    /** Each message's subject and body: these words and the message's number. */
    private static final String SUBJECT = "Old question ";
    private static final String BODY = "The printer stopped again, ticket ";
    /** The trigger migration V9 made on H2. */
    private static final String MESSAGE_WORDS = "message_words";

    private Preload() {
    }

    static void load(DataSource db, int tickets, boolean h2) throws SQLException {
        int customers = Math.max(1, tickets / 4);
        String customer = "(MOD(n - 1, " + customers + ") + 1)";
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            if (h2) {
                // Past the ids about to be inserted, first: an explicit id above an identity's next value moves
                // it, and H2 (MariaDB mode) commits that move to disk row by row, which was most of the preload.
                for (String table : new String[] {"customer", "ticket", "ticket_message", "ticket_event", "outbox"}) {
                    s.execute("ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH " + (tickets + 1));
                }
            }
            insert(c, s, h2, customers, "customer (id, address, name, created_at)",
                    "n, CONCAT('old', n, '@customer.test'), CONCAT('Customer ', n), " + AT);
            insert(c, s, h2, tickets, "ticket (id, ref, prefix, seq, mailbox, subject, status, priority, customer_id,"
                    + " group_name, language, created_at, updated_at, closed_at)",
                    "n, CONCAT('SUP-', n), 'SUP', n, 'support@example.com', CONCAT('Old question ', n), 'closed',"
                            + " 'normal', " + customer + ", 'support', 'en', " + AT + ", " + AT + ", " + AT);
            if (h2) {
                s.execute("DROP TRIGGER " + MESSAGE_WORDS);
            }
            insert(c, s, h2, tickets, "ticket_message (id, ticket_id, inbox_id, kind, message_id, content_hash,"
                    + " from_address, subject, text_body, visible_text, created_at)",
                    "n, n, NULL, 'customer', CONCAT('old', n, '@customer.test'), LPAD(CONCAT('', n), 64, '0'),"
                            + " CONCAT('old', " + customer + ", '@customer.test'), CONCAT('" + SUBJECT + "', n),"
                            + " CONCAT('" + BODY + "', n, '.'), 'The printer stopped again.', " + AT);
            if (h2) {
                indexWords(c, s, tickets);
            }
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
            c.commit();
        }
    }

    /**
     * Fills {@code message_word} for the preloaded messages: each message's words are the fixed words of
     * {@link #SUBJECT} and {@link #BODY} and its number; then checks a few messages against the trigger's cut.
     */
    private static void indexWords(Connection c, Statement s, int tickets) throws SQLException {
        Set<String> fixed = new TreeSet<>(SearchWords.foldedOf(SUBJECT));
        fixed.addAll(SearchWords.foldedOf(BODY));
        for (String word : fixed) {
            insert(c, s, true, tickets, "message_word (word, message_id)", "'" + word + "', n");
        }
        insert(c, s, true, tickets, "message_word (word, message_id)", "CAST(n AS VARCHAR), n");
        s.execute("CREATE TRIGGER " + MESSAGE_WORDS + " AFTER INSERT ON ticket_message FOR EACH ROW CALL '"
                + MessageWordsTrigger.class.getName() + "'");
        for (long id : new long[] {1, tickets / 2 + 1, tickets}) {
            Set<String> cut = new TreeSet<>();
            try (ResultSet r = s.executeQuery("SELECT subject, text_body FROM ticket_message WHERE id = " + id)) {
                r.next();
                cut.addAll(SearchWords.foldedOf(r.getString(1)));
                cut.addAll(SearchWords.foldedOf(r.getString(2)));
            }
            Set<String> written = new TreeSet<>(fixed);
            written.add(String.valueOf(id));
            int found = 0;
            for (String word : written) {
                try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM message_word WHERE word = '" + word
                        + "' AND message_id = " + id)) {
                    r.next();
                    found += r.getInt(1);
                }
            }
            if (!cut.equals(written) || found != written.size()) {
                throw new IllegalStateException("preloaded words of message " + id + " are " + written + " ("
                        + found + " in message_word), the trigger would have written " + cut);
            }
        }
        c.commit();
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
