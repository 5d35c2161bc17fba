package org.postdesk.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs stored messages through the {@link Pipeline} on worker threads, after the SMTP server has said 250.
 * Intake already made the message durable (blob stored, inbox row committed), so a sender waits for that
 * only, not for threading, rules and rendering: in the benchmark's profile those were four fifths of each
 * SMTP transaction. If the process stops before a queued message was processed, its inbox row stays
 * {@code received} and {@link Pipeline#recover} takes it on the next start; while it waits in a queue,
 * recovery in this process leaves it to the queue.
 *
 * <p>Messages with the same envelope sender go to the same lane, one thread each, so a customer's
 * question and the follow-up sent a second later are processed in the order they arrived. Each lane's
 * queue is bounded: when it is full, {@link #submit} waits, which slows the SMTP sessions down rather
 * than piling up an unbounded backlog in memory.
 *
 * <p>A lane takes whatever has queued up, up to {@link #BATCH} messages, and {@link Pipeline#processAll}
 * records them in one transaction: when mail arrives faster than one commit per message, commits are
 * shared (group commit), and a quiet lane still commits each message as it comes.
 */
public final class ProcessQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessQueue.class);
    /** A queued message costs a few bytes; the bound is for a flood, not for a busy hour. */
    private static final int QUEUE_PER_LANE = 2000;
    /**
     * The most messages a lane records in one transaction. Larger batches save little more once the
     * commit is shared by a few dozen, and hold row locks longer.
     */
    private static final int BATCH = 32;

    private final Pipeline pipeline;
    private final List<BlockingQueue<Long>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean accepting = true;
    private volatile boolean stopNow;

    /**
     * Starts {@code lanes} worker threads. Each holds a database connection while it processes, so lanes
     * stay below the pool size, leaving connections for intake and delivery.
     */
    public ProcessQueue(Pipeline pipeline, int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes " + lanes + " must be at least 1");
        }
        this.pipeline = pipeline;
        for (int i = 0; i < lanes; i++) {
            BlockingQueue<Long> queue = new ArrayBlockingQueue<>(QUEUE_PER_LANE);
            queues.add(queue);
            Thread t = new Thread(() -> work(queue), "postdesk-process-" + (i + 1));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Queues a stored message for processing, in order after earlier ones from the same envelope sender. */
    public void submit(long inboxId, String envelopeSender) {
        if (!accepting) {
            throw new IllegalStateException("stopping: inbox " + inboxId + " is left for recovery on the next start");
        }
        String key = envelopeSender == null ? "" : envelopeSender.toLowerCase(Locale.ROOT);
        BlockingQueue<Long> queue = queues.get(Math.floorMod(key.hashCode(), queues.size()));
        pending.incrementAndGet();
        pipeline.reserve(inboxId);
        try {
            queue.put(inboxId);
        } catch (InterruptedException e) {
            pipeline.release(inboxId);
            pending.decrementAndGet();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: inbox " + inboxId + " is left for recovery", e);
        }
    }

    /** Messages queued or being processed now. */
    public int pending() {
        return pending.get();
    }

    private void work(BlockingQueue<Long> queue) {
        List<Long> batch = new ArrayList<>(BATCH);
        while (!stopNow) {
            Long id;
            try {
                id = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (id == null) {
                if (!accepting) {
                    return;
                }
                continue;
            }
            batch.clear();
            batch.add(id);
            // Whatever queued up while the last batch ran goes into this one: one commit for all of it.
            queue.drainTo(batch, BATCH - 1);
            try {
                // processAll() never throws for a bad message; anything else must not kill the lane.
                pipeline.processAll(List.copyOf(batch));
            } catch (RuntimeException e) {
                LOG.error("inbox={}: processing failed unexpectedly, left for recovery: {}", batch, e.toString(), e);
            } finally {
                pending.addAndGet(-batch.size());
            }
        }
    }

    /**
     * Takes no more messages and processes what is queued, for at most {@code drain}; what is still queued
     * then stays {@code received} in the inbox for recovery on the next start.
     */
    public void close(Duration drain) throws InterruptedException {
        accepting = false;
        long deadline = System.nanoTime() + drain.toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        if (pending.get() > 0) {
            LOG.warn("stopped with {} message(s) not yet processed; they stay stored for recovery",
                    pending.get());
        }
        stopNow = true;
        for (Thread t : threads) {
            t.join(30_000);
        }
        for (BlockingQueue<Long> queue : queues) {
            for (Long id = queue.poll(); id != null; id = queue.poll()) {
                pipeline.release(id);
                pending.decrementAndGet();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(30));
    }
}
