package org.postdesk.conf;

import java.time.Duration;

/**
 * How the outbox is delivered.
 *
 * @param poll how often a worker looks for due mail when nothing woke it (default 2s)
 * @param retryInitial the wait after the first failed attempt; doubled each time (default 30s)
 * @param retryMax the longest wait between attempts (default 1h)
 * @param maxAttempts attempts before a mail is given up as failed (default 30, about a day)
 * @param lease how long a worker holds a claimed mail before another may take it (default 5m)
 * @param workers how many mails this instance sends at once, each worker over its own connection to the
 *     relay (default 4, at most 64): one slow recipient then holds up one worker, not all mail
 */
public record DeliverySettings(Duration poll, Duration retryInitial, Duration retryMax, Integer maxAttempts,
        Duration lease, Integer workers) {

    public static final int MAX_WORKERS = 64;

    public DeliverySettings {
        poll = poll == null ? Duration.ofSeconds(2) : poll;
        retryInitial = retryInitial == null ? Duration.ofSeconds(30) : retryInitial;
        retryMax = retryMax == null ? Duration.ofHours(1) : retryMax;
        maxAttempts = maxAttempts == null ? 30 : maxAttempts;
        lease = lease == null ? Duration.ofMinutes(5) : lease;
        workers = workers == null ? 4 : workers;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException("retryMax " + retryMax + " is shorter than retryInitial " + retryInitial);
        }
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new IllegalArgumentException("workers " + workers + " is out of range 1-" + MAX_WORKERS
                    + "; each worker keeps one connection to the relay open, 4 is plenty for most relays");
        }
    }

    public static DeliverySettings defaults() {
        return new DeliverySettings(null, null, null, null, null, null);
    }

    /** These settings with {@code count} workers. */
    public DeliverySettings withWorkers(int count) {
        return new DeliverySettings(poll, retryInitial, retryMax, maxAttempts, lease, count);
    }

    /** The wait before attempt {@code attempts + 1}, doubling from {@code retryInitial} up to {@code retryMax}. */
    public Duration backoff(int attempts) {
        Duration d = retryInitial.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return d.compareTo(retryMax) > 0 ? retryMax : d;
    }
}
