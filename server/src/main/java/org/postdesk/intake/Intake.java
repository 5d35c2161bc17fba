package org.postdesk.intake;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.store.BlobStore;
import org.postdesk.store.BlobStore.StoredBlob;
import org.postdesk.store.Database;
import org.postdesk.store.InboxRow;
import org.postdesk.store.StorageUnavailable;

/**
 * The first stage: makes a received message durable. The raw bytes go to the blob store (fsynced on MariaDB),
 * then an {@code inbox} row is committed (together with those of concurrent sessions: {@link GroupCommit})
 * and awaited into the database's file; only then may the sender be told 250. If the row cannot be
 * written the blob is removed again, so a failed intake leaves nothing half-written; if it was committed
 * but the file could not be written, the sender hears 451 and the blob stays for the row.
 */
public final class Intake {

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

    private final Database db;
    private final GroupCommit commits;
    private final BlobStore blobs;
    private final Clock clock;
    private final long maxMessageBytes;

    public Intake(Database db, BlobStore blobs, Clock clock, long maxMessageBytes) {
        this.db = db;
        this.commits = new GroupCommit(db);
        this.blobs = blobs;
        this.clock = clock;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Stores the message read from {@code raw}.
     *
     * @return the inbox id
     * @throws MessageTooLarge past the configured maximum size (nothing is kept)
     * @throws StorageUnavailable when the blob store or the database cannot take the message
     */
    public long accept(Envelope envelope, InputStream raw) throws MessageTooLarge {
        StoredBlob blob;
        try {
            blob = blobs.put(new SizeLimitedInputStream(raw, maxMessageBytes));
        } catch (MessageTooLarge e) {
            throw e;
        } catch (IOException e) {
            throw new StorageUnavailable("cannot write the message to the blob store: " + e.getMessage(), e);
        }
        long id;
        try {
            id = commits.insert(new InboxRow(0, clock.instant(), envelope.source(),
                    envelope.mailbox().value(), envelope.sender(),
                    envelope.recipients().stream().map(Object::toString).collect(Collectors.joining(", ")),
                    envelope.authenticatedAs().isEmpty() ? null : envelope.authenticatedAs(),
                    envelope.remoteAddress(), blob.sha256(), blob.size(), "received", null, null, 0, null, null));
        } catch (RuntimeException e) {
            try {
                blobs.discard(blob);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e instanceof StorageUnavailable su ? su
                    : new StorageUnavailable("cannot record the message: " + e.getMessage(), e);
        }
        // A failed checkpoint (a full disk) answers 451 but keeps the blob: the row is committed and may reach
        // the file with a later checkpoint, and recovery then processes it (a resent copy is a duplicate).
        db.awaitDurable();
        LOG.debug("stored inbox {} ({} bytes, sha256 {})", id, blob.size(), blob.sha256());
        return id;
    }
}
