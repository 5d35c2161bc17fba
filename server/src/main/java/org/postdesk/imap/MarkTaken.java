package org.postdesk.imap;

import java.util.Optional;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks a stored message as taken on the server, as {@code onTaken} says: the keyword {@value #KEYWORD}
 * (a flag people and other tools can see), or a move to another folder. The mark is for people: progress
 * itself is the UID high-water mark, so a mark that fails to stick never makes a message taken twice.
 */
final class MarkTaken {

    static final String KEYWORD = "$Postdesk";

    private static final Logger LOG = LoggerFactory.getLogger(MarkTaken.class);

    private final ImapConnection connection;
    private final Optional<Folder> moveTo;
    private final Flags flag;
    private final boolean canMove;
    private final boolean canExpungeOne;

    MarkTaken(ImapConnection connection) throws MessagingException {
        this.connection = connection;
        Optional<String> target = connection.settings().moveTo();
        this.moveTo = target.isPresent() ? Optional.of(connection.ensureFolder(target.get())) : Optional.empty();
        this.canMove = connection.hasCapability("MOVE");
        this.canExpungeOne = connection.hasCapability("UIDPLUS");
        if (connection.allowsKeywords()) {
            this.flag = new Flags(KEYWORD);
        } else {
            // Microsoft 365 (and other servers without \* in PERMANENTFLAGS) keep no keywords of ours.
            this.flag = new Flags(Flags.Flag.FLAGGED);
            if (moveTo.isEmpty()) {
                LOG.warn("imap {}: the server allows no keywords; taken mail is marked \\Flagged instead of {}",
                        connection.settings().describe(), KEYWORD);
            }
        }
    }

    /** Whether an earlier run marked the message but stopped before recording its UID. */
    boolean alreadyMarked(Message message) throws MessagingException {
        return moveTo.isEmpty() && flag.contains(KEYWORD) && message.getFlags().contains(KEYWORD);
    }

    void apply(Message message) throws MessagingException {
        if (moveTo.isEmpty()) {
            message.setFlags(flag, true);
            return;
        }
        Message[] one = {message};
        if (canMove) {
            connection.folder().moveMessages(one, moveTo.get());
            return;
        }
        // No MOVE (RFC 6851): copy, then delete. Without UIDPLUS a plain EXPUNGE would also remove mail
        // a person marked deleted, so the original then stays marked \Deleted for the server to expunge.
        connection.folder().copyMessages(one, moveTo.get());
        message.setFlag(Flags.Flag.DELETED, true);
        if (canExpungeOne) {
            connection.folder().expunge(one);
        }
    }
}
