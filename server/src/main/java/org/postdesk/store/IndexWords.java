package org.postdesk.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.apache.ibatis.exceptions.PersistenceException;

/**
 * Moves the messages queued by {@link MessageWordsTrigger} into H2's word index, a batch per transaction.
 * Runs in the background every second ({@code Postdesk}) and before every text search, from any process
 * (the CLI too): a search waits only for what was queued since the last batch.
 *
 * <p>Two runs at once index each message once: a run takes a message by deleting its queue row, and
 * the other one's delete waits for that row's lock and then finds nothing to take. A run's batch is
 * redone after a crash, as the queue rows come back with the words.
 */
public final class IndexWords {

    /** The queue table (migration V21). */
    public static final String QUEUE = "message_unindexed";
    /** Messages per transaction: a common word's index page is then written once for this many. */
    static final int BATCH = 256;

    private final Database db;

    public IndexWords(Database db) {
        this.db = db;
    }

    /** Indexes everything queued; returns how many messages this run took. Nothing to do on MariaDB. */
    public int catchUp() {
        if (!db.isH2()) {
            return 0;
        }
        int taken = 0;
        Batch batch;
        do {
            batch = db.inTransactionRedoneAfterCrash(s -> takeBatch(s.getConnection()));
            taken += batch.taken();
        } while (batch.seen() == BATCH);
        return taken;
    }

    /** One transaction's work: the queue rows it saw, and how many of them it took and indexed. */
    private record Batch(int seen, int taken) {
    }

    private static Batch takeBatch(Connection c) {
        record Queued(long id, String subject, String body) {
        }
        try {
            // The texts come with the queue in one read; a queue row whose message is gone is taken all the same.
            List<Queued> queued = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT q.message_id, m.subject, m.text_body FROM "
                    + QUEUE + " q LEFT JOIN ticket_message m ON m.id = q.message_id ORDER BY q.message_id LIMIT "
                    + BATCH); ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    queued.add(new Queued(r.getLong(1), r.getString(2), r.getString(3)));
                }
            }
            int taken = 0;
            try (PreparedStatement take = c.prepareStatement("DELETE FROM " + QUEUE + " WHERE message_id = ?")) {
                for (Queued q : queued) {
                    take.setLong(1, q.id());
                    if (take.executeUpdate() == 0) {
                        continue; // another run took it
                    }
                    taken++;
                    MessageWordsTrigger.index(c, q.id(), q.subject(), q.body());
                }
            }
            return new Batch(queued.size(), taken);
        } catch (SQLException e) {
            throw new PersistenceException("cannot index the words of queued messages: " + e.getMessage(), e);
        }
    }
}
