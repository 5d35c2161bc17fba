package org.postdesk.outbound;

import java.time.Clock;
import java.time.Instant;
import java.util.stream.Collectors;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.mime.NamedAddress;
import org.postdesk.store.GeneratedId;
import org.postdesk.store.MessageMapper;
import org.postdesk.store.MessageRow;
import org.postdesk.store.OutboxMapper;
import org.postdesk.store.OutboxRow;

/**
 * Puts composed mail in the outbox table, in the caller's transaction: the mail exists exactly when
 * the change that caused it does, so a crash can neither lose nor double it. The mail is also recorded
 * as a message of its ticket, so the ticket shows what the customer was sent.
 */
public final class Outbox {

    private final ComposeMime composer;
    private final Clock clock;
    private final Runnable wakeDelivery;

    public Outbox(ComposeMime composer, Clock clock, Runnable wakeDelivery) {
        this.composer = composer;
        this.clock = clock;
        this.wakeDelivery = wakeDelivery;
    }

    /** Queues {@code mail}; returns its outbox id. Delivery starts once the transaction commits. */
    public long enqueue(SqlSession session, OutgoingMail mail, String messageKind) {
        Instant now = clock.instant();
        String messageId = composer.newMessageId();
        byte[] raw = composer.compose(mail, messageId);
        GeneratedId key = new GeneratedId();
        String recipients = mail.to().stream().map(a -> a.address().value()).collect(Collectors.joining(", "));
        session.getMapper(OutboxMapper.class).insert(key, new OutboxRow(0, mail.ticketId().orElse(null), mail.kind(),
                messageId, mail.envelopeFrom(), recipients, raw, "queued", 0, now, null, null, null, now, null));
        if (mail.ticketId().isPresent()) {
            session.getMapper(MessageMapper.class).insert(new GeneratedId(), new MessageRow(0, mail.ticketId().get(),
                    null, key.get(), messageKind, messageId, null, mail.from().address().value(), mail.from().name(),
                    mail.to().stream().map(NamedAddress::toString).collect(Collectors.joining(", ")), null,
                    mail.content().subject(), now, mail.content().body(), null, null, now));
        }
        return key.get();
    }

    /** Tells the delivery worker to look now rather than at its next poll; call after commit. */
    public void wake() {
        wakeDelivery.run();
    }
}
