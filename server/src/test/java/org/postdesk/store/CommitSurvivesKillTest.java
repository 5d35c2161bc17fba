package org.postdesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.ibatis.session.SqlSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.conf.DatabaseSettings;

/**
 * H2 keeps commits in memory until a checkpoint ({@link SharedCheckpoint}); what {@link Database#inTransaction}
 * returned from must be in the file all the same. A child JVM commits from eight threads at once, each
 * commit a row that says it returned, and halts the moment the last one returns, as a kill -9 would: no
 * shutdown hook, no close. Every row must be there when the database is opened again. Without the
 * checkpoint the last half second of commits is lost (H2's WRITE_DELAY), and this test fails.
 */
class CommitSurvivesKillTest {

    private static final int THREADS = 8;
    private static final int ROWS_PER_THREAD = 50;

    @Test
    void everyReturnedCommitIsThereAfterTheProcessIsKilled(@TempDir Path data) throws Exception {
        Path log = data.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CommitSurvivesKillTest.class.getName(),
                data.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child did not finish");
        assertEquals(HALTED, child.exitValue(), "the child did not halt after its commits: "
                + Files.readString(log));

        try (Database db = Database.open(DatabaseSettings.defaults(), data)) {
            long kept = db.inTransaction(s -> sql(s, "SELECT COUNT(*) FROM kill_test"));
            assertEquals(THREADS * ROWS_PER_THREAD, kept, "rows whose commit had returned before the kill");
        }
    }

    private static final int HALTED = 57;

    /** The child: commits from {@link #THREADS} threads, then halts without closing anything. */
    public static void main(String[] args) throws Exception {
        Database db = Database.open(DatabaseSettings.defaults(), Path.of(args[0]));
        db.inTransaction(s -> sql(s, "CREATE TABLE kill_test (k VARCHAR(40) PRIMARY KEY)"));
        CountDownLatch done = new CountDownLatch(THREADS);
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            new Thread(() -> {
                for (int i = 0; i < ROWS_PER_THREAD; i++) {
                    String key = thread + "-" + i;
                    db.inTransaction(s -> sql(s, "INSERT INTO kill_test (k) VALUES ('" + key + "')"));
                }
                done.countDown();
            }).start();
        }
        done.await();
        Runtime.getRuntime().halt(HALTED);
    }

    /** Runs {@code statement}; a query's first column of its first row, or the update count. */
    private static long sql(SqlSession session, String statement) {
        try (Statement st = session.getConnection().createStatement()) {
            if (st.execute(statement)) {
                try (ResultSet rs = st.getResultSet()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
            return st.getUpdateCount();
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }
}
