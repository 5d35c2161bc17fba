package org.postdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.postdesk.store.Database;
import org.postdesk.store.InboxMapper;
import org.postdesk.store.InboxRow;
import org.postdesk.testing.TestDatabase;

/**
 * Many SMTP sessions storing at once share commits, and still each gets the id of its own row: 32 threads
 * insert 20 rows each at the same moment and every id reads back the row that thread gave. A row the
 * database refuses fails alone, while the rows committed with it are kept.
 */
class GroupCommitTest {

    private static final int THREADS = 32;
    private static final int ROWS = 20;

    @TempDir
    Path data;

    private TestDatabase.Schema schema;
    private Database db;

    static List<TestDatabase> databases() {
        return TestDatabase.available();
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrentSessionsEachGetTheirOwnRow(TestDatabase database) throws Exception {
        GroupCommit commits = open(database);
        List<Future<List<long[]>>> results = atOnce(thread -> () -> {
            List<long[]> mine = new ArrayList<>();
            for (int r = 0; r < ROWS; r++) {
                long tag = thread * 1000L + r;
                mine.add(new long[] {commits.insert(row("smtp", tag)), tag});
            }
            return mine;
        });
        List<long[]> all = new ArrayList<>();
        for (Future<List<long[]>> f : results) {
            all.addAll(f.get());
        }
        assertThat(all).hasSize(THREADS * ROWS);
        assertThat(all.stream().mapToLong(a -> a[0]).distinct().count()).isEqualTo(THREADS * ROWS);
        for (long[] idAndTag : all) {
            InboxRow stored = db.inTransaction(s -> s.getMapper(InboxMapper.class).find(idAndTag[0]));
            assertThat(stored.rawSha256()).isEqualTo(sha(idAndTag[1]));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aRefusedRowFailsAloneAndTheOthersAreKept(TestDatabase database) throws Exception {
        GroupCommit commits = open(database);
        // source is VARCHAR(16): every eighth row is too long for it.
        List<Future<Long>> results = atOnce(thread -> () -> commits.insert(row(thread % 8 == 0
                ? "a-source-far-too-long-for-its-column" : "smtp", thread)));
        int kept = 0;
        for (int t = 0; t < THREADS; t++) {
            Future<Long> f = results.get(t);
            if (t % 8 == 0) {
                assertThatThrownBy(f::get).hasRootCauseInstanceOf(java.sql.SQLException.class);
            } else {
                long id = f.get();
                assertThat(db.inTransaction(s -> s.getMapper(InboxMapper.class).find(id)).rawSha256())
                        .isEqualTo(sha(t));
                kept++;
            }
        }
        assertThat(kept).isEqualTo(THREADS - THREADS / 8);
    }

    private GroupCommit open(TestDatabase database) {
        schema = database.create(data);
        db = Database.open(schema.settings(), data);
        return new GroupCommit(db);
    }

    /** Runs one task per thread, all released at the same moment, as sessions finishing DATA together. */
    private static <T> List<Future<T>> atOnce(IntFunction<Callable<T>> task) {
        CyclicBarrier together = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<T>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Callable<T> work = task.apply(t);
                results.add(pool.submit(() -> {
                    together.await();
                    return work.call();
                }));
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    private static InboxRow row(String source, long tag) {
        return new InboxRow(0, Instant.parse("2026-11-25T10:00:00Z"), source, "support@example.com",
                "c@customer.test", "support@example.com", null, "test", sha(tag), 100, "received", null, null, 0,
                null, null);
    }

    private static String sha(long tag) {
        return HexFormat.of().withLowerCase().formatHex(new byte[32]).substring(16) + String.format("%016x", tag);
    }
}
