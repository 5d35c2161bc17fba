package org.postdesk.outbound;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.conf.DeliverySettings;
import org.postdesk.store.Database;

/**
 * The delivery workers: {@code delivery.workers} threads, each with a sink of its own (so its own kept
 * connection to the relay), claim due outbox rows in batches with a lease (so that several instances never
 * send one row twice) and record the results ({@link DeliverBatch}). A failed attempt waits with exponential
 * backoff; after {@code maxAttempts} the mail is marked failed. {@link #wake()} after a commit has an idle
 * worker look at once instead of at its next poll.
 */
public final class DeliverOutbox {

    /** The most rows one batch claims: at a thousand mails a second, a few dozen commits instead of thousands. */
    static final int MAX_BATCH = 32;

    private static final Logger LOG = LoggerFactory.getLogger(DeliverOutbox.class);
    private static final long STOP_WAIT_MILLIS = 10_000;

    private final DeliverBatch batches;
    private final Supplier<MailSink> sinks;
    private final DeliverySettings settings;
    private final String name = "delivery-" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong claims = new AtomicLong();
    private final Semaphore wake = new Semaphore(0);
    private final List<Thread> workers = new ArrayList<>();
    /** The sink of {@link #deliverDue()}, which runs on its caller's thread (the CLI, tests). */
    private final MailSink callerSink;
    private volatile boolean running = true;

    /** @param sinks makes one sink per worker: a sink keeps a connection and is used by one thread at a time */
    public DeliverOutbox(Database db, Supplier<MailSink> sinks, DeliverySettings settings, Clock clock) {
        this.batches = new DeliverBatch(db, settings, clock);
        this.sinks = sinks;
        this.settings = settings;
        this.callerSink = sinks.get();
    }

    /** Starts the workers. */
    public synchronized void start() {
        for (int i = 1; i <= settings.workers(); i++) {
            String worker = String.valueOf(i);
            Thread thread = new Thread(() -> work(worker), "postdesk-delivery-" + i);
            thread.setDaemon(true);
            thread.start();
            workers.add(thread);
        }
    }

    /** Has a worker look for due mail now rather than at its next poll; call after the commit. */
    public void wake() {
        wake.release();
    }

    /**
     * Stops the workers, waiting for their batches to be recorded (10 s at most), and closes their
     * connections.
     */
    public synchronized void stop() {
        running = false;
        wake.release(workers.size() + 1);
        long deadline = System.currentTimeMillis() + STOP_WAIT_MILLIS;
        try {
            for (Thread worker : workers) {
                worker.join(Math.max(1, deadline - System.currentTimeMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (callerSink) {
            callerSink.close();
        }
    }

    /** Delivers all due mail on the caller's thread; returns how many rows were attempted. */
    public int deliverDue() {
        synchronized (callerSink) {
            int attempted = 0;
            for (int claimed = MAX_BATCH; claimed == MAX_BATCH; attempted += claimed) {
                claimed = batches.deliver(callerSink, nextClaim("caller"), MAX_BATCH);
            }
            return attempted;
        }
    }

    /** For the start-up log line: where outgoing mail goes, and how many workers send it. */
    public String describe() {
        return callerSink.describe() + " by " + settings.workers() + " worker(s)";
    }

    /**
     * One worker's loop. The batch starts at one mail and doubles while each claim comes back full, up to
     * {@link #MAX_BATCH}: a few mails spread over the workers one by one (a slow recipient delays only its
     * own), while a backlog goes in large batches. A full claim also wakes another worker to help.
     */
    private void work(String worker) {
        MailSink sink = sinks.get();
        int limit = 1;
        try {
            while (running) {
                int claimed;
                try {
                    claimed = batches.deliver(sink, nextClaim(worker), limit);
                } catch (RuntimeException e) {
                    LOG.warn("stage=deliver: cannot read or update the outbox, retrying in {}: {}", settings.poll(),
                            e.getMessage());
                    claimed = 0;
                }
                if (claimed == limit) {
                    limit = Math.min(MAX_BATCH, limit * 2);
                    wake.release();
                    continue;
                }
                limit = Math.max(1, claimed);
                if (wake.tryAcquire(settings.poll().toMillis(), TimeUnit.MILLISECONDS)) {
                    // One look serves every wake so far: the rows they announced are committed and visible.
                    wake.drainPermits();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sink.close();
        }
    }

    /** A name no other batch of any instance has: the lease owner of the rows it claims. */
    private String nextClaim(String worker) {
        return name + "-" + worker + "/" + claims.incrementAndGet();
    }
}
