package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import org.postdesk.store.MessageWordsTrigger;

/**
 * H2: the queue of messages whose words are not yet in {@code message_word}. The trigger of V9 now puts a
 * new message's id here, one row, instead of its fifty words into fifty places of the word index inside
 * the message's transaction; {@code org.postdesk.store.IndexWords} moves them into the index in batches.
 * MariaDB's FULLTEXT index is kept by InnoDB itself: nothing to do there.
 */
public class V21__word_index_queue extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        if (!c.getMetaData().getDatabaseProductName().startsWith("H2")) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE message_unindexed (message_id BIGINT NOT NULL PRIMARY KEY)");
            // Made again, so that the trigger, which looks for the queue once when it is loaded, finds it.
            s.execute("DROP TRIGGER message_words");
            s.execute("CREATE TRIGGER message_words AFTER INSERT ON ticket_message FOR EACH ROW CALL '"
                    + MessageWordsTrigger.class.getName() + "'");
        }
    }
}
