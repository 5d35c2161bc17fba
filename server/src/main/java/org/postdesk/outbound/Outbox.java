package org.postdesk.outbound;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.ibatis.session.SqlSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.mime.NamedAddress;
import org.postdesk.store.GeneratedId;
import org.postdesk.store.MessageMapper;
import org.postdesk.store.MessageRow;
import org.postdesk.store.OutboxMapper;
import org.postdesk.store.OutboxRow;
import org.postdesk.ticket.Events;
import org.postdesk.ticket.MessageKind;

/**
 * Puts composed mail in the outbox table, in the caller's transaction: the mail exists exactly when
 * the change that caused it does, so a crash can neither lose nor double it.
 */
public final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final ComposeMime composer;
    private final Clock clock;
    private final Runnable wakeDelivery;
    private final LimitAutomaticMail limits;

    public Outbox(ComposeMime composer, Clock clock, Runnable wakeDelivery, LimitAutomaticMail limits) {
        this.composer = composer;
        this.clock = clock;
        this.wakeDelivery = wakeDelivery;
        this.limits = limits;
    }

    /**
     * Queues {@code mail}; returns its outbox id. Delivery starts once the transaction commits. An
     * automatic answer past a limit on automatic mail is not queued (empty), and its ticket's log says why.
     *
     * @param recordAs when present, the mail also becomes a message of its ticket (an acknowledgement
     *     the customer received); agent notifications and relayed replies are not, as the ticket already
     *     holds the message they carry
     */
    public OptionalLong enqueue(SqlSession session, OutgoingMail mail, Optional<MessageKind> recordAs) {
        Instant now = clock.instant();
        List<String> addresses = Stream.concat(mail.to().stream(), mail.cc().stream())
                .map(a -> a.address().value()).distinct().toList();
        boolean limited = mail.autoSubmitted() == AutoSubmitted.AUTO_REPLIED;
        Optional<String> refused = limited ? limits.refusal(session, addresses, mail.ticketId(), now)
                : Optional.empty();
        if (refused.isPresent()) {
            LOG.warn("stage=outbox ticket={} kind={}: not sent: {}", mail.ticketId().orElse(null), mail.kind(),
                    refused.get());
            mail.ticketId().ifPresent(ticket -> Events.log(session, ticket, now, "postdesk", "system", "mail-held",
                    "not sent " + mail.kind() + " to " + addresses + ": " + refused.get()));
            return OptionalLong.empty();
        }
        String messageId = composer.newMessageId();
        byte[] raw = composer.compose(mail, messageId);
        GeneratedId key = new GeneratedId();
        String recipients = String.join(", ", addresses);
        session.getMapper(OutboxMapper.class).insert(key, new OutboxRow(0, mail.ticketId().orElse(null), mail.kind(),
                messageId, mail.envelopeFrom(), recipients, raw, "queued", 0, now, null, null, null, now, null));
        if (limited) {
            limits.count(session, key.get(), addresses, mail.ticketId(), now);
        }
        if (mail.ticketId().isPresent() && recordAs.isPresent()) {
            session.getMapper(MessageMapper.class).insert(new GeneratedId(), new MessageRow(0, mail.ticketId().get(),
                    null, key.get(), recordAs.get().code(), messageId, null, mail.from().address().value(),
                    mail.from().name(), mail.to().stream().map(NamedAddress::toString).collect(Collectors.joining(", ")),
                    null, mail.content().subject(), now, mail.content().body(), null, mail.content().body(), null, now));
        }
        return OptionalLong.of(key.get());
    }

    /** Tells the delivery worker to look now rather than at its next poll; call after commit. */
    public void wake() {
        wakeDelivery.run();
    }
}
