package org.postdesk.store;

import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

import org.h2.api.Trigger;

import org.postdesk.ticket.MessageKind;
import org.postdesk.ticket.SearchWords;

/**
 * H2's text index: after a message row is inserted, whoever inserts it (the pipeline, a note, the
 * benchmark's bulk preload), its id goes into the queue {@code message_unindexed} (migration V21), in the
 * same transaction, and {@link IndexWords} later puts its subject's and body's words into
 * {@code message_word} for many messages at once. Made by migration V9 on H2 only; MariaDB has a FULLTEXT
 * index instead. Messages are never changed or deleted, and a merge moves them by {@code ticket_id}, which
 * the index does not hold, so inserts are all it follows.
 *
 * <p>Why a queue: a message's fifty-odd words land in fifty places of the word index, and H2 writes each
 * changed index page again at every checkpoint. Indexed inside the message's transaction, that was a
 * quarter of the server's CPU in the benchmark; indexed in batches, a page holding a common word is
 * written once for hundreds of messages. A search first indexes what is queued ({@link IndexWords}), so
 * it still finds the message recorded a moment ago.
 *
 * <p>Until V21 has made the queue (a schema still being migrated, where V21 makes the trigger again), it
 * indexes each message at once, as before.
 */
public final class MessageWordsTrigger implements Trigger {

    /**
     * Acknowledgements and other mail Postdesk writes itself are left out: their stock words ("thank you
     * for...") are in every ticket and would only make searches for them useless.
     */
    public static final String SYSTEM = MessageKind.SYSTEM.code();

    private int id;
    private int subject;
    private int textBody;
    private int kind;
    private boolean queued;

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
            int type) throws SQLException {
        id = -1;
        subject = -1;
        textBody = -1;
        kind = -1;
        try (ResultSet columns = conn.getMetaData().getColumns(null, schemaName, tableName, null)) {
            while (columns.next()) {
                int at = columns.getInt("ORDINAL_POSITION") - 1;
                switch (columns.getString("COLUMN_NAME").toLowerCase(Locale.ROOT)) {
                    case "id" -> id = at;
                    case "subject" -> subject = at;
                    case "text_body" -> textBody = at;
                    case "kind" -> kind = at;
                    default -> {
                    }
                }
            }
        }
        if (id < 0 || subject < 0 || textBody < 0 || kind < 0) {
            throw new SQLException("table " + tableName + " lacks id, kind, subject or text_body for the text index");
        }
        // Names are stored in the case of the table's own, lower with DATABASE_TO_LOWER, upper without.
        String queueName = tableName.equals(tableName.toUpperCase(Locale.ROOT)) ? IndexWords.QUEUE.toUpperCase(
                Locale.ROOT) : IndexWords.QUEUE;
        try (ResultSet queue = conn.getMetaData().getTables(null, schemaName, queueName, null)) {
            queued = queue.next();
        }
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        if (SYSTEM.equals(newRow[kind])) {
            return;
        }
        long messageId = ((Number) newRow[id]).longValue();
        if (!queued) {
            index(conn, messageId, text(newRow[subject]), text(newRow[textBody]));
            return;
        }
        try (PreparedStatement insert = conn.prepareStatement("INSERT INTO " + IndexWords.QUEUE
                + " (message_id) VALUES (?)")) {
            insert.setLong(1, messageId);
            insert.executeUpdate();
        }
    }

    /** A LONGTEXT column reaches a trigger as a {@link Clob}. */
    private static String text(Object value) throws SQLException {
        if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) Math.min(Integer.MAX_VALUE, clob.length()));
        }
        return (String) value;
    }

    /** Adds one message's words to {@code message_word}: {@link IndexWords}, and migration V9 for older messages. */
    public static void index(Connection conn, long messageId, String subject, String body) throws SQLException {
        Set<String> words = SearchWords.foldedOf(subject);
        words.addAll(SearchWords.foldedOf(body));
        if (words.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = conn.prepareStatement(
                "INSERT INTO message_word (word, message_id) VALUES (?, ?)")) {
            for (String word : words) {
                insert.setString(1, word);
                insert.setLong(2, messageId);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
