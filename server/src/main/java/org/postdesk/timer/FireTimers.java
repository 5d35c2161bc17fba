package org.postdesk.timer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.store.Database;
import org.postdesk.store.TimerMapper;
import org.postdesk.store.TimerRow;

/**
 * The timer worker: claims due timers with a lease, so that of several instances on one database
 * exactly one fires each, and runs the handler of the timer's kind in the transaction that marks it
 * fired. Time is the injected {@link Clock}'s: tests move a clock and call {@link #fireDue()}.
 *
 * <p>A handler that fails is retried with a growing wait, up to {@link #MAX_ATTEMPTS}; then the timer
 * is marked failed with its error, for an admin to see, rather than retried forever.
 */
public final class FireTimers implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FireTimers.class);
    private static final int BATCH = 50;
    static final int MAX_ATTEMPTS = 10;
    /** Timers are minute-grained (snoozes, reminders, SLAs); a poll a second is cheap on the due index. */
    private static final Duration POLL = Duration.ofSeconds(1);
    /** Long enough for any handler; a worker that dies holding a timer delays it by this much at most. */
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final Database db;
    private final Clock clock;
    private final Map<String, TimerHandler> handlers;
    private final String owner = "timers-" + UUID.randomUUID();
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running = true;

    public FireTimers(Database db, Clock clock, List<TimerHandler> handlers) {
        this.db = db;
        this.clock = clock;
        this.handlers = handlers.stream().collect(Collectors.toUnmodifiableMap(TimerHandler::kind,
                Function.identity()));
    }

    public void stop() {
        running = false;
        wake.release();
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (fireDue() == BATCH) {
                    continue;
                }
            } catch (RuntimeException e) {
                LOG.warn("stage=timers: cannot read the timers, retrying in {}: {}", POLL, e.getMessage());
            }
            try {
                if (wake.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One pass over the due timers; returns how many this worker fired. */
    public int fireDue() {
        Instant now = clock.instant();
        List<Long> due = db.inTransaction(s -> s.getMapper(TimerMapper.class).due(now, handlers.keySet(), BATCH));
        int fired = 0;
        for (long id : due) {
            Instant until = now.plus(LEASE);
            boolean claimed = db.inTransaction(s -> s.getMapper(TimerMapper.class).claim(id, owner, now, until) == 1);
            if (claimed && fire(id)) {
                fired++;
            }
        }
        return fired;
    }

    private boolean fire(long id) {
        TimerRow timer = db.inTransaction(s -> s.getMapper(TimerMapper.class).find(id));
        try {
            boolean fired = db.inTransaction(s -> {
                // Marking first takes the row lock: a cancel or a second claimer waits for this commit.
                if (s.getMapper(TimerMapper.class).markFired(id, owner, clock.instant()) == 0) {
                    return false;
                }
                handlers.get(timer.kind()).fire(s, timer);
                return true;
            });
            if (fired) {
                LOG.info("stage=timers timer={} kind={} ticket={}: fired (due {})", id, timer.kind(), timer.ticketId(),
                        timer.dueAt());
            }
            return fired;
        } catch (RuntimeException e) {
            int attempts = timer.attempts() + 1;
            boolean giveUp = attempts >= MAX_ATTEMPTS;
            Instant retry = clock.instant().plus(Duration.ofSeconds(30L << Math.min(attempts, 10)));
            String error = String.valueOf(e.getMessage());
            db.inTransaction(s -> s.getMapper(TimerMapper.class).markAttemptFailed(id, owner,
                    giveUp ? "failed" : "pending", retry, error.length() > 4000 ? error.substring(0, 4000) : error));
            LOG.error("stage=timers timer={} kind={} ticket={}: attempt {} failed{}: {}", id, timer.kind(),
                    timer.ticketId(), attempts, giveUp ? ", giving up" : "; next try at " + retry, error, e);
            return false;
        }
    }
}
