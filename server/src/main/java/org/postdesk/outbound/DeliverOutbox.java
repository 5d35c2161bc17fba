package org.postdesk.outbound;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.conf.DeliverySettings;
import org.postdesk.store.Database;
import org.postdesk.store.OutboxMapper;
import org.postdesk.store.OutboxRow;

/**
 * The delivery worker: claims due outbox rows with a lease (so several instances never send one row
 * twice), hands them to the sink, and records the result. A failed attempt waits with exponential
 * backoff; after {@code maxAttempts} the mail is marked failed.
 */
public final class DeliverOutbox implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliverOutbox.class);
    private static final int BATCH = 20;

    private final Database db;
    private final MailSink sink;
    private final DeliverySettings settings;
    private final Clock clock;
    private final String owner = "worker-" + UUID.randomUUID();
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running = true;

    public DeliverOutbox(Database db, MailSink sink, DeliverySettings settings, Clock clock) {
        this.db = db;
        this.sink = sink;
        this.settings = settings;
        this.clock = clock;
    }

    public void wake() {
        wake.release();
    }

    public void stop() {
        running = false;
        wake.release();
    }

    @Override
    public void run() {
        while (running) {
            try {
                int sent = deliverDue();
                if (sent == BATCH) {
                    continue;
                }
            } catch (RuntimeException e) {
                LOG.warn("stage=deliver: cannot read the outbox, retrying in {}: {}", settings.poll(), e.getMessage());
            }
            try {
                if (wake.tryAcquire(settings.poll().toMillis(), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One pass over the due rows; returns how many were attempted. */
    public int deliverDue() {
        Instant now = clock.instant();
        List<Long> due = db.inTransaction(s -> s.getMapper(OutboxMapper.class).due(now, BATCH));
        int attempted = 0;
        for (long id : due) {
            Instant until = clock.instant().plus(settings.lease());
            // Claim and read in one transaction: one commit fewer per mail.
            OutboxRow claimed = db.inTransaction(s -> s.getMapper(OutboxMapper.class).claim(id, owner, now, until) == 1
                    ? s.getMapper(OutboxMapper.class).find(id) : null);
            if (claimed != null) {
                attempt(claimed);
                attempted++;
            }
        }
        return attempted;
    }

    private void attempt(OutboxRow mail) {
        try {
            sink.deliver(mail);
            db.inTransaction(s -> s.getMapper(OutboxMapper.class).markSent(mail.id(), owner, clock.instant()));
            LOG.info("stage=deliver outbox={} ticket={} kind={} to={}: sent to {}", mail.id(), mail.ticketId(),
                    mail.kind(), mail.recipients(), sink.describe());
        } catch (Exception e) {
            int attempts = mail.attempts() + 1;
            boolean giveUp = attempts >= settings.maxAttempts();
            Instant next = clock.instant().plus(settings.backoff(attempts));
            String error = String.valueOf(e.getMessage());
            db.inTransaction(s -> s.getMapper(OutboxMapper.class).markAttemptFailed(mail.id(), owner,
                    giveUp ? "failed" : "queued", next, error.length() > 4000 ? error.substring(0, 4000) : error));
            if (giveUp) {
                LOG.error("stage=deliver outbox={} ticket={}: gave up after {} attempts: {}", mail.id(),
                        mail.ticketId(), attempts, error);
            } else {
                LOG.warn("stage=deliver outbox={} ticket={}: attempt {} failed ({}); next try at {}", mail.id(),
                        mail.ticketId(), attempts, error, next);
            }
        }
    }
}
