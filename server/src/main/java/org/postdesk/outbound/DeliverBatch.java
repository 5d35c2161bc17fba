package org.postdesk.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.conf.DeliverySettings;
import org.postdesk.store.Database;
import org.postdesk.store.OutboxMapper;
import org.postdesk.store.OutboxRow;

/**
 * One round of a delivery worker: claims up to {@code limit} due outbox rows in one transaction, sends them
 * one after another through the worker's own sink, and marks each mail sent in a commit of its own as soon
 * as the relay has it; failures and the mails not tried are recorded together at the end. A mail sent but
 * not yet marked goes again after a crash: marked at the end of the batch, that was every mail of the
 * batch (KillNineTest saw customers acknowledged twice); marked one by one, it is at most the one mail
 * between the relay's 250 and its commit, as in any mail server.
 */
final class DeliverBatch {

    /**
     * How long a batch goes on starting mails. A slow recipient holds up the mails after it in its batch;
     * once this has passed they are handed back for any worker to take at once. Half the lease at most, so
     * that a batch never starts a mail it may no longer hold when the relay answers.
     */
    static final Duration STOP_STARTING_AFTER = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(DeliverBatch.class);
    private static final int MAX_ERROR = 4000;

    private final Database db;
    private final DeliverySettings settings;
    private final Clock clock;

    DeliverBatch(Database db, DeliverySettings settings, Clock clock) {
        this.db = db;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Claims under the name {@code claim} (unique to this batch: the lease owner of its rows), sends and
     * records; returns how many rows were claimed.
     */
    int deliver(MailSink sink, String claim, int limit) {
        Instant now = clock.instant();
        List<OutboxRow> batch = db.inTransaction(s -> {
            OutboxMapper outbox = s.getMapper(OutboxMapper.class);
            return outbox.claimDue(claim, now, now.plus(settings.lease()), limit) == 0 ? List.<OutboxRow>of()
                    : outbox.claimed(claim);
        });
        if (batch.isEmpty()) {
            return 0;
        }
        long stopStarting = System.nanoTime()
                + Math.min(STOP_STARTING_AFTER.toNanos(), settings.lease().toNanos() / 2);
        List<OutboxRow> sent = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        for (OutboxRow mail : batch) {
            if (sent.size() + failed.size() > 0 && System.nanoTime() - stopStarting > 0) {
                break;
            }
            try {
                sink.deliver(mail);
            } catch (Exception e) {
                failed.add(failure(mail, e));
                continue;
            }
            markSent(claim, mail);
            sent.add(mail);
        }
        int untried = batch.size() - sent.size() - failed.size();
        record(claim, failed, untried);
        for (OutboxRow mail : sent) {
            LOG.info("stage=deliver outbox={} ticket={} kind={} to={}: sent to {}", mail.id(), mail.ticketId(),
                    mail.kind(), mail.recipients(), sink.describe());
        }
        for (Failure f : failed) {
            if (f.giveUp()) {
                LOG.error("stage=deliver outbox={} ticket={}: gave up after {} attempts: {}", f.mail().id(),
                        f.mail().ticketId(), f.attempts(), f.error());
            } else {
                LOG.warn("stage=deliver outbox={} ticket={}: attempt {} failed ({}); next try at {}", f.mail().id(),
                        f.mail().ticketId(), f.attempts(), f.error(), f.next());
            }
        }
        if (untried > 0) {
            LOG.info("stage=deliver: a batch took over {} ms; {} of its mails handed back to the other workers",
                    STOP_STARTING_AFTER.toMillis(), untried);
        }
        return batch.size();
    }

    /**
     * Records that the relay has {@code mail}. When that cannot be written the batch stops: every further
     * mail sent would be one more to go twice once the lease runs out.
     */
    private void markSent(String claim, OutboxRow mail) {
        try {
            db.inTransaction(s -> s.getMapper(OutboxMapper.class).markSent(mail.id(), claim, clock.instant()));
        } catch (RuntimeException e) {
            LOG.error("stage=deliver outbox={}: sent, but that could not be recorded ({}); it will be sent again"
                    + " after its lease of {}", mail.id(), e.getMessage(), settings.lease());
            throw e;
        }
    }

    /** The batch's other results in one transaction: each failure with its own backoff, the untried handed back. */
    private void record(String claim, List<Failure> failed, int untried) {
        if (failed.isEmpty() && untried == 0) {
            return;
        }
        db.inTransaction(s -> {
            OutboxMapper outbox = s.getMapper(OutboxMapper.class);
            for (Failure f : failed) {
                outbox.markAttemptFailed(f.mail().id(), claim, f.giveUp() ? "failed" : "queued", f.next(),
                        f.error());
            }
            if (untried > 0) {
                outbox.release(claim);
            }
            return null;
        });
    }

    private Failure failure(OutboxRow mail, Exception e) {
        int attempts = mail.attempts() + 1;
        String error = String.valueOf(e.getMessage());
        return new Failure(mail, attempts, attempts >= settings.maxAttempts(),
                clock.instant().plus(settings.backoff(attempts)),
                error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error);
    }

    /** A failed attempt and what it leads to: the next try, or giving up. */
    private record Failure(OutboxRow mail, int attempts, boolean giveUp, Instant next, String error) {
    }
}
