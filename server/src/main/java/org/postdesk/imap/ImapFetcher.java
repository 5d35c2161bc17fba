package org.postdesk.imap;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.util.MailConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.conf.ImapSettings;
import org.postdesk.conf.Mailbox;

/**
 * Fetches one mailbox's folder on a thread of its own for as long as Postdesk runs: connect, check
 * UIDVALIDITY, take what is new, wait (IDLE, or a poll), take again. Any failure — a refused password, a
 * server that is down, a database that is down — is logged, recorded for {@code postdesk status} and
 * retried after a backoff that doubles from 1s to 5m. It never reaches another mailbox's fetcher.
 */
final class ImapFetcher implements Runnable {

    static final Duration BACKOFF_INITIAL = Duration.ofSeconds(1);
    static final Duration BACKOFF_MAX = Duration.ofMinutes(5);
    /** RFC 2177 §3: servers may log out a client idle for 30 minutes; renew the IDLE well before. */
    static final Duration IDLE_RENEW_MAX = Duration.ofMinutes(25);

    private static final Logger LOG = LoggerFactory.getLogger(ImapFetcher.class);

    private final Mailbox mailbox;
    private final ImapSettings settings;
    private final FetchState state;
    private final TakeNewMail take;
    private final Function<String, String> environment;
    private final StartingUid startingUid;
    private final WaitForMail waitForMail;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running = true;
    private volatile ImapConnection current;

    ImapFetcher(Mailbox mailbox, FetchState state, TakeNewMail take, Function<String, String> environment,
            ScheduledExecutorService timer) {
        this.mailbox = mailbox;
        this.settings = mailbox.imap();
        this.state = state;
        this.take = take;
        this.environment = environment;
        this.startingUid = new StartingUid(mailbox, state);
        this.waitForMail = new WaitForMail(mailbox, timer);
    }

    @Override
    public void run() {
        Duration backoff = BACKOFF_INITIAL;
        boolean failing = false;
        while (running) {
            try {
                state.load();
                if (!state.claim(lease())) {
                    LOG.debug("imap {}: another instance fetches {}; standing by", mailbox.address(), settings.describe());
                    pause(settings.poll());
                    continue;
                }
                if (!failing) {
                    // While retrying, the state stays "failing" with its error until a connection succeeds.
                    state.state("connecting");
                }
                try (ImapConnection connection = ImapConnection.open(settings, settings.resolvePassword(environment),
                        settings.folder())) {
                    current = connection;
                    backoff = BACKOFF_INITIAL;
                    failing = false;
                    serve(connection);
                } finally {
                    current = null;
                }
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                failing = true;
                String error = describe(e);
                LOG.warn("imap {} ({}): {}; retrying in {}", mailbox.address(), settings.describe(), error, backoff);
                try {
                    state.failed(error);
                } catch (RuntimeException databaseDown) {
                    LOG.warn("imap {}: cannot record the failure either: {}", mailbox.address(), databaseDown.toString());
                }
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : backoff.multipliedBy(2);
            }
        }
        try {
            state.release();
        } catch (RuntimeException e) {
            LOG.warn("imap {}: cannot record the stop: {}", mailbox.address(), e.toString());
        }
        LOG.info("imap {}: stopped", mailbox.address());
    }

    private void serve(ImapConnection connection) throws MessagingException {
        IMAPFolder folder = connection.folder();
        long validity = folder.getUIDValidity();
        long lastUid = startingUid.apply(connection, validity);
        MarkTaken mark = new MarkTaken(connection);
        boolean idle = settings.idle() && connection.hasCapability("IDLE");
        state.succeeded("connected");
        LOG.info("imap {}: connected to {} (UIDVALIDITY {}, taking UIDs above {}); {}", mailbox.address(),
                settings.describe(), validity, lastUid, idle ? "waiting with IDLE" : "polling every " + settings.poll());
        while (running) {
            TakeNewMail.Pass pass = take.apply(connection, mark, validity, lastUid);
            lastUid = pass.lastUid();
            if (!state.claim(lease())) {
                LOG.warn("imap {}: another instance took over {}", mailbox.address(), settings.describe());
                return;
            }
            if (pass.full() || WaitForMail.arrivedSince(folder, lastUid)) {
                continue;
            }
            state.succeeded(idle ? "idle" : "polling");
            if (!running) {
                return;
            }
            if (idle) {
                waitForMail.idle(connection, renewal());
            } else {
                pause(settings.poll());
                connection.noop();
            }
        }
    }

    private void pause(Duration duration) {
        try {
            if (wake.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS)) {
                wake.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    String mailboxAddress() {
        return mailbox.address().value();
    }

    /** Asks the fetcher to stop; safe to call again while waiting for it to end. */
    void stop() {
        running = false;
        wake.release();
        ImapConnection connection = current;
        if (connection != null) {
            waitForMail.interruptSoon(connection);
        }
    }

    /** How often an IDLE is renewed: every poll, at most every {@link #IDLE_RENEW_MAX}. */
    private Duration renewal() {
        return settings.poll().compareTo(IDLE_RENEW_MAX) > 0 ? IDLE_RENEW_MAX : settings.poll();
    }

    /** Long enough to outlast one IDLE renewal or poll, after which the lease is renewed. */
    private Duration lease() {
        return renewal().multipliedBy(2).plusMinutes(1);
    }

    private String describe(Exception e) {
        if (e instanceof AuthenticationFailedException) {
            return "login as " + settings.user() + " refused (" + e.getMessage() + "); check imap.user and"
                    + " imap.password or passwordEnv (Gmail and Microsoft 365 need an app password)";
        }
        if (e instanceof MailConnectException) {
            return "cannot connect to " + settings.host() + ":" + settings.port() + " (" + e.getMessage() + ")";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
