package org.postdesk.imap;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.mail.FetchProfile;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.conf.Mailbox;
import org.postdesk.intake.Envelope;
import org.postdesk.intake.Intake;
import org.postdesk.intake.MessageTooLarge;
import org.postdesk.pipeline.Outcome;
import org.postdesk.pipeline.Pipeline;
import org.postdesk.store.StorageUnavailable;

/**
 * One pass over the folder: every message above the high-water mark, in UID order, is stored through
 * {@link Intake} (the same durable first stage as SMTP), then marked taken, then its UID recorded, then
 * run through the pipeline. A message that cannot be stored is neither marked nor recorded: the pass
 * stops there and the fetcher retries it after its backoff. (One that fails in the pipeline is stored
 * and marked failed there, with its error, like SMTP mail; it is not fetched again.)
 */
final class TakeNewMail {

    /** Messages per pass, so a folder with years of mail ({@code existing: take}) is worked through in steps. */
    static final int BATCH = 200;

    private static final Logger LOG = LoggerFactory.getLogger(TakeNewMail.class);

    private final Mailbox mailbox;
    private final Intake intake;
    private final Pipeline pipeline;
    private final FetchState state;

    TakeNewMail(Mailbox mailbox, Intake intake, Pipeline pipeline, FetchState state) {
        this.mailbox = mailbox;
        this.intake = intake;
        this.pipeline = pipeline;
        this.state = state;
    }

    /**
     * Takes up to {@link #BATCH} messages with a UID above {@code lastUid}.
     *
     * @return the new high-water mark; {@link Pass#full()} says whether more may be waiting
     */
    Pass apply(ImapConnection connection, MarkTaken mark, long validity, long lastUid) throws MessagingException {
        IMAPFolder folder = connection.folder();
        // "UID n:*" returns the highest message even when its UID is below n (RFC 3501 §6.4.8): filter.
        List<Message> fresh = Arrays.stream(folder.getMessagesByUID(lastUid + 1, UIDFolder.MAXUID))
                .filter(m -> m != null && uid(folder, m) > lastUid)
                .sorted(Comparator.comparingLong(m -> uid(folder, m)))
                .limit(BATCH)
                .toList();
        FetchProfile flags = new FetchProfile();
        flags.add(FetchProfile.Item.FLAGS);
        flags.add(UIDFolder.FetchProfileItem.UID);
        folder.fetch(fresh.toArray(Message[]::new), flags);
        long last = lastUid;
        for (Message message : fresh) {
            long uid = folder.getUID(message);
            Optional<Long> stored = Optional.empty();
            if (mark.alreadyMarked(message)) {
                LOG.info("stage=imap mailbox={} uid={}: already marked {}, taken by an earlier run", mailbox.address(),
                        uid, MarkTaken.KEYWORD);
            } else {
                stored = store(connection, mark, (IMAPMessage) message, uid);
            }
            state.mark(validity, uid);
            last = uid;
            if (stored.isPresent()) {
                Outcome outcome = pipeline.process(stored.get());
                LOG.info("stage=imap mailbox={} uid={} inbox={}: {}", mailbox.address(), uid, stored.get(), outcome);
            }
        }
        return new Pass(last, fresh.size() == BATCH);
    }

    /**
     * Stores the message through intake and marks it taken; empty when it is too large ever to be stored
     * (it is left in the folder, unmarked, for a person to handle).
     */
    private Optional<Long> store(ImapConnection connection, MarkTaken mark, IMAPMessage message, long uid)
            throws MessagingException {
        String where = connection.settings().describe() + ";uid=" + uid;
        Envelope envelope = new Envelope("imap", mailbox.address(), "", List.of(mailbox.address()), "",
                where.length() > 100 ? where.substring(where.length() - 100) : where);
        long inboxId;
        TrackedStream raw = new TrackedStream(message.getMimeStream());
        try (raw) {
            inboxId = intake.accept(envelope, raw);
        } catch (MessageTooLarge e) {
            String error = "UID " + uid + " left in " + connection.settings().folder() + " untaken: " + e.getMessage();
            LOG.error("stage=imap mailbox={}: {}", mailbox.address(), error);
            state.failed(error);
            return Optional.empty();
        } catch (StorageUnavailable e) {
            if (raw.failure != null) {
                throw new MessagingException("reading UID " + uid + " from the server failed: " + raw.failure,
                        raw.failure);
            }
            throw e;
        } catch (IOException e) {
            throw new MessagingException("reading UID " + uid + " from the server failed: " + e, e);
        }
        mark.apply(message);
        return Optional.of(inboxId);
    }

    private static long uid(IMAPFolder folder, Message message) {
        try {
            return folder.getUID(message);
        } catch (MessagingException e) {
            throw new IllegalStateException("no UID for message " + message.getMessageNumber() + ": " + e, e);
        }
    }

    /** Where a pass left the high-water mark, and whether the batch was full (more may be waiting). */
    record Pass(long lastUid, boolean full) {
    }

    /**
     * Remembers a read failure: Intake reports any IOException as the blob store's, but one that came from
     * the IMAP connection is the server's, and the status must say so.
     */
    private static final class TrackedStream extends FilterInputStream {

        IOException failure;

        TrackedStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }
}
