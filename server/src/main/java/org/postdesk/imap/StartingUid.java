package org.postdesk.imap;

import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.conf.ImapSettings;
import org.postdesk.conf.Mailbox;
import org.postdesk.store.ImapStateRow;

/** Decides, on each connect, above which UID mail is new; records that choice as the high-water mark. */
final class StartingUid {

    private static final Logger LOG = LoggerFactory.getLogger(StartingUid.class);

    private final Mailbox mailbox;
    private final ImapSettings settings;
    private final FetchState state;

    StartingUid(Mailbox mailbox, FetchState state) {
        this.mailbox = mailbox;
        this.settings = mailbox.imap();
        this.state = state;
    }

    /**
     * Where to start: the stored high-water mark, unless the folder's UIDs no longer mean what they meant
     * when it was stored (RFC 3501 §2.3.1.1). Then the whole folder is taken again; what was already taken
     * comes back as the same Message-ID and content, which the pipeline records as a duplicate.
     */
    long apply(ImapConnection connection, long validity) throws MessagingException {
        ImapStateRow row = state.load();
        long next = connection.folder().getUIDNext();
        if (row.uidValidity() == null) {
            long start = settings.takeExisting() ? 0 : highestUid(connection, next);
            state.mark(validity, start);
            LOG.info("imap {}: first connect to {}: {}", mailbox.address(), settings.describe(), start == 0
                    ? "taking every message in it" : "leaving the messages already there (existing: leave)");
            return start;
        }
        if (row.uidValidity() != validity) {
            LOG.warn("imap {}: UIDVALIDITY of {} changed from {} to {}: the server renumbered the folder; taking it"
                    + " again from the start (mail taken before is recorded as duplicate)", mailbox.address(),
                    settings.describe(), row.uidValidity(), validity);
            state.mark(validity, 0);
            return 0;
        }
        if (next > 0 && next <= row.lastUid()) {
            // The UIDs went backwards while UIDVALIDITY stayed: a server fault, handled like a UIDVALIDITY change.
            LOG.warn("imap {}: UIDNEXT {} of {} is not above the last UID taken {} though UIDVALIDITY is unchanged;"
                    + " taking the folder again from the start", mailbox.address(), next, settings.describe(),
                    row.lastUid());
            state.mark(validity, 0);
            return 0;
        }
        return row.lastUid();
    }

    private static long highestUid(ImapConnection connection, long uidNext) throws MessagingException {
        if (uidNext > 0) {
            return uidNext - 1;
        }
        IMAPFolder folder = connection.folder();
        int count = folder.getMessageCount();
        return count == 0 ? 0 : folder.getUID(folder.getMessage(count));
    }
}
