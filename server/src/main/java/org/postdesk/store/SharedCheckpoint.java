package org.postdesk.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Puts H2's committed transactions into its file, one write for every caller waiting at that moment.
 *
 * <p>H2 writes a commit to its file as a "store": every page changed since the last store, in every table
 * and index, including pages other transactions have changed and not yet committed. With WRITE_DELAY=0
 * each commit was a store of its own, and in the benchmark those stores were over 40 % of the server's
 * CPU (11.7 CPU s per 1,000 mails; 6.7 with no store waited for at all): each of four delivery workers
 * marking one mail sent rewrote the pages a processing lane had just filled with a batch of tickets. Now
 * H2 keeps commits in memory (its default WRITE_DELAY, a background store every half second) and
 * {@link #await} runs {@code CHECKPOINT}, which stores everything committed so far. Callers that commit
 * at the same moment share one: the first runs it and the others wait for it, like {@code GroupCommit}
 * at intake. That is what keeps a mail server's promises: {@link Database#inTransaction} awaits one
 * after its commit, and intake after its group's commit ({@link Database#awaitDurable}, outside the
 * group's lock), so the SMTP 250, a mail handed to the relay, a CLI answer come only once what they
 * stand for would survive a killed process. Processing and the word indexer skip it
 * ({@link Database#inTransactionRedoneAfterCrash}), as what they did is done again after a crash:
 * processing's input stays {@code received} until its result is stored, and a mail it queues is in the
 * file before it is sent, since delivery's claim awaits a checkpoint; the indexer's queue rows come back
 * with the words they stood for.
 *
 * <p>Like WRITE_DELAY=0 before it, a store hands the file to the operating system without fsync: what
 * survives a killed process, not a lost machine. MariaDB needs none of this; its commits are durable.
 */
final class SharedCheckpoint implements AutoCloseable {

    /** Opens the connection CHECKPOINT runs on: one of its own, so that a busy pool never holds it up. */
    interface Connect {
        Connection open() throws SQLException;
    }

    private final Connect connect;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    /** Checkpoints begun, and ended; at most one runs at a time. */
    private long begun;
    private long ended;
    private long lastSucceeded;
    private RuntimeException lastFailure;
    private Connection connection;

    SharedCheckpoint(Connect connect) {
        this.connect = connect;
    }

    /**
     * Returns once every transaction committed before this call is in the file: a checkpoint that begins
     * after this call covers it, whether this thread runs it or another does.
     *
     * @throws StorageUnavailable when that checkpoint failed (a full disk)
     */
    void await() {
        lock.lock();
        try {
            long needed = begun + 1;
            while (ended < needed) {
                if (begun > ended) {
                    finished.awaitUninterruptibly();
                    continue;
                }
                long round = ++begun;
                RuntimeException failure = null;
                lock.unlock();
                try {
                    checkpoint();
                } catch (RuntimeException e) {
                    failure = e;
                } finally {
                    lock.lock();
                }
                ended = round;
                if (failure == null) {
                    lastSucceeded = round;
                } else {
                    lastFailure = failure;
                }
                finished.signalAll();
            }
            // A later checkpoint than the one needed also covers this caller's commit.
            if (lastSucceeded < needed) {
                throw lastFailure;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs on the thread that began the round, outside the lock; at most one at a time. */
    private void checkpoint() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = connect.open();
                connection.setAutoCommit(true);
            }
            try (Statement st = connection.createStatement()) {
                st.execute("CHECKPOINT");
            }
        } catch (SQLException e) {
            closeConnection();
            throw new StorageUnavailable("cannot write the database file (" + e.getMessage() + "); check the free"
                    + " space and permissions of the data folder's db/", e);
        }
    }

    private void closeConnection() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            // Broken already; the next checkpoint takes a new one.
        }
        connection = null;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            while (begun > ended) {
                finished.awaitUninterruptibly();
            }
            closeConnection();
        } finally {
            lock.unlock();
        }
    }
}
