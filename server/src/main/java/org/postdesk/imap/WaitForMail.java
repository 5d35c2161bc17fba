package org.postdesk.imap;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.conf.Mailbox;

/**
 * Waits for new mail with IDLE (RFC 2177). Jakarta Mail ends an IDLE when another thread issues a command
 * on the folder; a timer does that to renew it, and {@link #interruptSoon} to end it for a stop.
 */
final class WaitForMail {

    private static final Logger LOG = LoggerFactory.getLogger(WaitForMail.class);

    private final Mailbox mailbox;
    private final ScheduledExecutorService timer;

    WaitForMail(Mailbox mailbox, ScheduledExecutorService timer) {
        this.mailbox = mailbox;
        this.timer = timer;
    }

    /**
     * Whether the folder holds mail above {@code lastUid} that the last pass did not see. New mail announced
     * (EXISTS) in the answer to one of the pass's own commands is counted by Jakarta Mail but will not end the
     * coming IDLE: without this look such mail would wait for the next renewal.
     */
    static boolean arrivedSince(IMAPFolder folder, long lastUid) throws MessagingException {
        int total = folder.getMessageCount();
        if (total == 0) {
            return false;
        }
        try {
            // The count is looked at again: an EXISTS may have come with the answer to the UID FETCH.
            return folder.getUID(folder.getMessage(total)) > lastUid || folder.getMessageCount() != total;
        } catch (MessageRemovedException e) {
            return true;
        }
    }

    /** Waits in IDLE until the server reports news, or until {@code renew} has passed. */
    void idle(ImapConnection connection, Duration renew) throws MessagingException {
        ScheduledFuture<?> renewal = timer.schedule(() -> interruptIdle(connection), renew.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            connection.folder().idle(true);
        } finally {
            renewal.cancel(false);
        }
    }

    /** Ends a running IDLE from the timer's thread, e.g. for a stop. */
    void interruptSoon(ImapConnection connection) {
        timer.execute(() -> interruptIdle(connection));
    }

    /** A command from another thread ends the IDLE (Jakarta Mail sends DONE first), and proves the link. */
    private void interruptIdle(ImapConnection connection) {
        try {
            connection.noop();
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("imap {}: ending IDLE: {}", mailbox.address(), e.toString());
        }
    }
}
