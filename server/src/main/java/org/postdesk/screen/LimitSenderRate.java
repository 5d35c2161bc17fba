package org.postdesk.screen;

import java.time.Instant;
import java.util.Optional;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.LiveConfig;
import org.postdesk.conf.Rate;
import org.postdesk.store.MailSafetyMapper;

/**
 * A sender writing faster than {@code limits.senderMessages} is flooding: a robot gone wrong, or a loop
 * through a system that hides what it is. Every message is still stored and threaded; those past the
 * limit are flagged and get no automatic answer, which is what ends a loop. Counted in the database,
 * so the count holds across instances.
 */
public final class LimitSenderRate {

    private final LiveConfig config;

    public LimitSenderRate(LiveConfig config) {
        this.config = config;
    }

    /** Counts message {@code inboxId} of {@code sender}; says why it is past the limit, when it is. */
    public Optional<String> count(SqlSession session, long inboxId, String sender, Instant receivedAt) {
        Rate rate = config.get().limits().senderMessages();
        MailSafetyMapper counts = session.getMapper(MailSafetyMapper.class);
        long before = counts.messagesFrom(sender, receivedAt.minus(rate.window()), receivedAt, inboxId);
        boolean over = before >= rate.count();
        counts.insertSenderMessage(inboxId, sender, receivedAt, over);
        return over ? Optional.of("sender " + sender + " sent " + (before + 1) + " messages within "
                + rate.toString().replaceFirst("^\\d+ per ", "") + "; limits.senderMessages allows " + rate
                + ": stored, not answered") : Optional.empty();
    }
}
