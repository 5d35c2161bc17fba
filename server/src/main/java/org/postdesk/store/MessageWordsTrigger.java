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
 * H2's text index: after a message row is inserted, its subject's and body's words go into
 * {@code message_word}, in the same transaction, whoever inserts the row (the pipeline, a note, the
 * benchmark's bulk preload). Made by migration V9 on H2 only; MariaDB has a FULLTEXT index instead.
 * Messages are never changed or deleted, and a merge moves them by {@code ticket_id}, which the
 * index does not hold, so inserts are all it follows.
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
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        if (SYSTEM.equals(newRow[kind])) {
            return;
        }
        index(conn, ((Number) newRow[id]).longValue(), text(newRow[subject]), text(newRow[textBody]));
    }

    /** A LONGTEXT column reaches a trigger as a {@link Clob}. */
    private static String text(Object value) throws SQLException {
        if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) Math.min(Integer.MAX_VALUE, clob.length()));
        }
        return (String) value;
    }

    /** Adds one message's words to {@code message_word}; also how migration V9 indexes older messages. */
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
