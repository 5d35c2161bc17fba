package org.postdesk.outbound;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.mime.NamedAddress;
import org.postdesk.store.GeneratedId;
import org.postdesk.store.MessageMapper;
import org.postdesk.store.MessageRow;
import org.postdesk.store.OutboxMapper;
import org.postdesk.store.OutboxRow;
import org.postdesk.ticket.MessageKind;

/**
 * Puts composed mail in the outbox table, in the caller's transaction: the mail exists exactly when
 * the change that caused it does, so a crash can neither lose nor double it.
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

    /**
     * Queues {@code mail}; returns its outbox id. Delivery starts once the transaction commits.
     *
     * @param recordAs when present, the mail also becomes a message of its ticket (an acknowledgement
     *     the customer received); agent notifications and relayed replies are not, as the ticket already
     *     holds the message they carry
     */
    public long enqueue(SqlSession session, OutgoingMail mail, Optional<MessageKind> recordAs) {
        Instant now = clock.instant();
        String messageId = composer.newMessageId();
        byte[] raw = composer.compose(mail, messageId);
        GeneratedId key = new GeneratedId();
        String recipients = Stream.concat(mail.to().stream(), mail.cc().stream())
                .map(a -> a.address().value()).distinct().collect(Collectors.joining(", "));
        session.getMapper(OutboxMapper.class).insert(key, new OutboxRow(0, mail.ticketId().orElse(null), mail.kind(),
                messageId, mail.envelopeFrom(), recipients, raw, "queued", 0, now, null, null, null, now, null));
        if (mail.ticketId().isPresent() && recordAs.isPresent()) {
            session.getMapper(MessageMapper.class).insert(new GeneratedId(), new MessageRow(0, mail.ticketId().get(),
                    null, key.get(), recordAs.get().code(), messageId, null, mail.from().address().value(),
                    mail.from().name(), mail.to().stream().map(NamedAddress::toString).collect(Collectors.joining(", ")),
                    null, mail.content().subject(), now, mail.content().body(), null, mail.content().body(), null, now));
        }
        return key.get();
    }

    /** Tells the delivery worker to look now rather than at its next poll; call after commit. */
    public void wake() {
        wakeDelivery.run();
    }
}
