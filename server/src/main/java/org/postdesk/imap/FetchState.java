package org.postdesk.imap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.ibatis.exceptions.PersistenceException;

import org.postdesk.store.Database;
import org.postdesk.store.ImapStateMapper;
import org.postdesk.store.ImapStateRow;

/**
 * One fetcher's row in {@code imap_state}: its lease, its high-water mark and the state {@code postdesk
 * status} shows. Every method is one short transaction, so a reader in another process sees it at once.
 */
final class FetchState {

    private final Database db;
    private final Clock clock;
    private final String mailbox;
    private final String folder;
    private final String owner;

    FetchState(Database db, Clock clock, String mailbox, String folder, String owner) {
        this.db = db;
        this.clock = clock;
        this.mailbox = mailbox;
        this.folder = folder;
        this.owner = owner;
    }

    /** The row, created on first use. */
    ImapStateRow load() {
        ImapStateRow row = db.inTransaction(s -> s.getMapper(ImapStateMapper.class).find(mailbox, folder));
        if (row != null) {
            return row;
        }
        try {
            db.inTransaction(s -> {
                s.getMapper(ImapStateMapper.class).insert(mailbox, folder, clock.instant());
                return null;
            });
        } catch (PersistenceException e) {
            // Another instance may have inserted the row first (primary key): theirs is the same empty row.
            row = db.inTransaction(s -> s.getMapper(ImapStateMapper.class).find(mailbox, folder));
            if (row == null) {
                throw e;
            }
            return row;
        }
        return db.inTransaction(s -> s.getMapper(ImapStateMapper.class).find(mailbox, folder));
    }

    /** Takes or renews the lease for {@code length}; false while another instance holds it. */
    boolean claim(Duration length) {
        Instant now = clock.instant();
        return db.inTransaction(s -> s.getMapper(ImapStateMapper.class)
                .claim(mailbox, folder, owner, now, now.plus(length)) == 1);
    }

    void release() {
        db.inTransaction(s -> {
            s.getMapper(ImapStateMapper.class).release(mailbox, folder, owner, clock.instant());
            return null;
        });
    }

    void state(String state) {
        db.inTransaction(s -> {
            s.getMapper(ImapStateMapper.class).setState(mailbox, folder, state, clock.instant());
            return null;
        });
    }

    void succeeded(String state) {
        db.inTransaction(s -> {
            s.getMapper(ImapStateMapper.class).succeeded(mailbox, folder, state, clock.instant());
            return null;
        });
    }

    void failed(String error) {
        String text = error.length() > 4000 ? error.substring(0, 4000) : error;
        db.inTransaction(s -> {
            s.getMapper(ImapStateMapper.class).failed(mailbox, folder, text, clock.instant());
            return null;
        });
    }

    /** Moves the high-water mark: every UID up to {@code lastUid} under {@code validity} is taken. */
    void mark(long validity, long lastUid) {
        db.inTransaction(s -> {
            s.getMapper(ImapStateMapper.class).mark(mailbox, folder, validity, lastUid, clock.instant());
            return null;
        });
    }
}
