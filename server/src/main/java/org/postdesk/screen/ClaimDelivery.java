package org.postdesk.screen;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.util.HexFormat;

import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;

import org.postdesk.mime.ParsedMessage;
import org.postdesk.store.SeenMapper;

/**
 * Makes "a message delivered twice is stored once" hold when the two deliveries are processed at the
 * same moment, on one instance or two: the message's identity (Message-ID, or sender and Date when it
 * has none, plus the content hash) is inserted under a primary key in the transaction that records it.
 * The second insert waits for the first transaction; once that commits it fails, and the second
 * delivery rolls back whole and is recorded as a duplicate. A read before writing cannot do this:
 * both deliveries read "not seen" and both make a ticket.
 */
public final class ClaimDelivery {

    private final Clock clock;

    public ClaimDelivery(Clock clock) {
        this.clock = clock;
    }

    /** Another delivery holds the message; thrown out of the transaction so that it rolls back whole. */
    public static final class AlreadyClaimed extends RuntimeException {

        private final String messageKey;
        private final String contentHash;
        private final String sameness;

        AlreadyClaimed(String messageKey, String contentHash, String sameness) {
            super("another delivery of the same message was recorded first", null, false, false);
            this.messageKey = messageKey;
            this.contentHash = contentHash;
            this.sameness = sameness;
        }

        /** What the two deliveries share: {@code same Message-ID and content}, or sender, date and content. */
        public String sameness() {
            return sameness;
        }

        /** The inbox message that was recorded; read after the rollback, when it is committed. */
        public long holder(SqlSession session) {
            return session.getMapper(SeenMapper.class).holder(messageKey, contentHash);
        }
    }

    /**
     * Claims the message for inbox row {@code inboxId}, in the caller's transaction.
     *
     * @param sender the sender's address, which with Date identifies a message without Message-ID
     * @throws AlreadyClaimed when another delivery of the same message holds it
     */
    public void claim(SqlSession session, long inboxId, String mailbox, ParsedMessage message, String sender) {
        String key = key(message, sender);
        try {
            session.getMapper(SeenMapper.class).insert(key, message.contentHash(), inboxId, mailbox, clock.instant());
        } catch (PersistenceException e) {
            if (isKeyViolation(e)) {
                throw new AlreadyClaimed(key, message.contentHash(), message.messageId().isEmpty()
                        ? "same sender, Date and content" : "same Message-ID and content");
            }
            throw e;
        }
    }

    /** Hashed, so any Message-ID fits the key, however long the sender made it. */
    static String key(ParsedMessage message, String sender) {
        String identity = message.messageId().isEmpty()
                ? "no-message-id\n" + sender + "\n" + message.date().map(Object::toString).orElse("no date")
                : "message-id\n" + message.messageId();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(identity.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** H2 (23505) and MariaDB (23000/1062) both report a primary key violation as this JDBC type. */
    private static boolean isKeyViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException) {
                return true;
            }
        }
        return false;
    }
}
