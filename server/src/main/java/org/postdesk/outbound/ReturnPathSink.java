package org.postdesk.outbound;

import org.postdesk.bounce.BounceAddress;
import org.postdesk.mail.EmailAddress;
import org.postdesk.store.OutboxRow;

/**
 * Sends every mail with a VERP return path naming its outbox row ({@link BounceAddress}), so that its
 * bounce, whatever shape the bouncing server gives it, is matched to it. Done at delivery, when the
 * outbox id is known; the row keeps the plain sender.
 */
public final class ReturnPathSink implements MailSink {

    private final MailSink sink;
    private final BounceAddress bounces;

    public ReturnPathSink(MailSink sink, BounceAddress bounces) {
        this.sink = sink;
        this.bounces = bounces;
    }

    @Override
    public void deliver(OutboxRow mail) throws Exception {
        String returnPath = mail.envelopeFrom().isEmpty() ? ""
                : bounces.sign(EmailAddress.of(mail.envelopeFrom()), mail.id()).value();
        sink.deliver(new OutboxRow(mail.id(), mail.ticketId(), mail.kind(), mail.messageId(), returnPath,
                mail.recipients(), mail.raw(), mail.status(), mail.attempts(), mail.nextAttemptAt(), mail.leaseOwner(),
                mail.leaseUntil(), mail.lastError(), mail.createdAt(), mail.sentAt()));
    }

    @Override
    public String describe() {
        return sink.describe();
    }

    @Override
    public void close() {
        sink.close();
    }
}
