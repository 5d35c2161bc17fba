package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import org.postdesk.store.MessageWordsTrigger;

/**
 * Text search over message subjects and bodies ({@code ticket list --text}). The one migration that
 * differs by database, so it is Java, not SQL: the other migrations stay a single file set for both.
 *
 * <p>MariaDB: an InnoDB FULLTEXT index on {@code ticket_message (subject, text_body)}, searched with
 * {@code MATCH ... AGAINST} in boolean mode.
 *
 * <p>H2: a word table filled by a trigger ({@link MessageWordsTrigger}), one row per distinct word of a
 * message, keyed (word, message) so a word's messages are one index range. Chosen over H2's own
 * {@code org.h2.fulltext.FullText} because that one keeps its index in a schema of its own keyed by
 * a text rendering of the row's primary key, which cannot be joined to tickets with an index, and
 * loads every word into memory when the database opens; a plain table is joined like any other, and
 * its words are cut exactly as the search cuts the query ({@code SearchWords}). A trigger rather than
 * code in the pipeline, so rows inserted by any path (notes, replies, the benchmark's bulk load) are
 * indexed, in the same transaction.
 */
public class V9__text_search extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            if (!c.getMetaData().getDatabaseProductName().startsWith("H2")) {
                s.execute("ALTER TABLE ticket_message ADD FULLTEXT INDEX message_text (subject, text_body)");
                return;
            }
            s.execute("CREATE TABLE message_word (word VARCHAR(64) NOT NULL, message_id BIGINT NOT NULL,"
                    + " PRIMARY KEY (word, message_id))");
            try (ResultSet rows = s.executeQuery("SELECT id, subject, text_body FROM ticket_message"
                    + " WHERE kind <> '" + MessageWordsTrigger.SYSTEM + "'")) {
                while (rows.next()) {
                    MessageWordsTrigger.index(c, rows.getLong(1), rows.getString(2), rows.getString(3));
                }
            }
            s.execute("CREATE TRIGGER message_words AFTER INSERT ON ticket_message FOR EACH ROW CALL '"
                    + MessageWordsTrigger.class.getName() + "'");
        }
    }
}
