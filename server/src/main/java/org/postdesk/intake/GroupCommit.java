package org.postdesk.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import org.postdesk.store.Database;
import org.postdesk.store.GeneratedId;
import org.postdesk.store.InboxMapper;
import org.postdesk.store.InboxRow;
import org.postdesk.store.StorageUnavailable;

/**
 * Commits the inbox rows of concurrent SMTP sessions together: with 32 senders at once, one transaction
 * for every row that arrived meanwhile costs about what one for one row does (on MariaDB one round trip
 * and one log flush for all of them).
 *
 * <p>No thread of its own: the first session to find no commit under way commits for everyone queued
 * (the leader); the others wait on the lock and, when they get it, usually find their row committed.
 * A session alone never waits for anyone.
 *
 * <p>The lock covers the commit only. On H2 a commit reaches the file with the next checkpoint, which each
 * session awaits after the lock ({@link Database#awaitDurable}), so the next group commits while the last
 * one's checkpoint is written and one checkpoint covers both. Held through the checkpoint, the lock made
 * groups queue behind each other's page writes: in the benchmark (H2, 32 clients) a session waited 28 ms
 * at the median for its row, of a 32 ms SMTP transaction.
 */
final class GroupCommit {

    /** A commit has a bounded size, so one leader's wait stays short under any load. */
    private static final int MOST_ROWS = 64;

    private record Pending(InboxRow row, CompletableFuture<Long> id) {
    }

    private final Database db;
    private final ConcurrentLinkedQueue<Pending> queued = new ConcurrentLinkedQueue<>();
    private final ReentrantLock committing = new ReentrantLock();

    GroupCommit(Database db) {
        this.db = db;
    }

    /**
     * Inserts {@code row} and returns its id once committed; on H2 not yet in the file.
     *
     * @throws RuntimeException what the database said, when the row could not be committed
     */
    long insert(InboxRow row) {
        Pending mine = new Pending(row, new CompletableFuture<>());
        queued.add(mine);
        committing.lock();
        try {
            // Not done: no leader took it yet, and none can now, so it is still queued for this one.
            while (!mine.id().isDone()) {
                commitQueued();
            }
        } finally {
            committing.unlock();
        }
        try {
            return mine.id().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void commitQueued() {
        List<Pending> batch = new ArrayList<>();
        for (Pending p = queued.poll(); p != null; p = batch.size() < MOST_ROWS ? queued.poll() : null) {
            batch.add(p);
        }
        // Redone after a crash by the sender: no session answers 250 before its awaitDurable() returns.
        try {
            List<Long> ids = db.inTransactionRedoneAfterCrash(s -> batch.stream()
                    .map(p -> insert(s.getMapper(InboxMapper.class), p.row())).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).id().complete(ids.get(i));
            }
        } catch (RuntimeException e) {
            if (batch.size() == 1 || e instanceof StorageUnavailable || Database.failsTheTransaction(e)) {
                // Not one row's fault (the database is away, or locks kept failing): every session answers
                // 451 now rather than each waiting its turn for the same failure.
                batch.forEach(p -> p.id().completeExceptionally(e));
                return;
            }
            // One row the database refuses must not refuse the others: each is tried alone.
            for (Pending p : batch) {
                try {
                    p.id().complete(db.inTransactionRedoneAfterCrash(
                            s -> insert(s.getMapper(InboxMapper.class), p.row())));
                } catch (RuntimeException alone) {
                    p.id().completeExceptionally(alone);
                }
            }
        }
    }

    private static long insert(InboxMapper inbox, InboxRow row) {
        GeneratedId key = new GeneratedId();
        inbox.insert(key, row);
        return key.get();
    }
}
