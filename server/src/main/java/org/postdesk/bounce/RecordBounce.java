package org.postdesk.bounce;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.ibatis.session.SqlSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.conf.Config;
import org.postdesk.conf.LiveConfig;
import org.postdesk.conf.Mailbox;
import org.postdesk.mail.EmailAddress;
import org.postdesk.mime.ParsedMessage;
import org.postdesk.rules.NotifyAgents;
import org.postdesk.store.MailSafetyMapper;
import org.postdesk.store.OutboxMapper;
import org.postdesk.store.OutboxRow;
import org.postdesk.store.TicketMapper;
import org.postdesk.store.TicketRow;
import org.postdesk.ticket.Events;

/**
 * Records a bounce on the mail it returns: matched by its VERP return path, else by the returned
 * mail's Message-ID, else by the bounce's own In-Reply-To/References. The outbox row is marked, the
 * ticket's log gets a failed (or delayed) delivery, the ticket's assignee or group is told of a
 * failure, and a hard bounce keeps automatic mail from the address for
 * {@code limits.hardBounceSuppression}. A bounce never opens a ticket and is never answered.
 */
public final class RecordBounce {

    /** The template that tells agents a mail of a ticket was not delivered. */
    public static final String TEMPLATE = "delivery-failed";

    private static final Logger LOG = LoggerFactory.getLogger(RecordBounce.class);

    private final LiveConfig config;
    private final Clock clock;
    private final NotifyAgents notifyAgents;

    public RecordBounce(LiveConfig config, Clock clock, NotifyAgents notifyAgents) {
        this.config = config;
        this.clock = clock;
        this.notifyAgents = notifyAgents;
    }

    /** What became of a bounce: the outbox row and ticket it was matched to, if any, and a description. */
    public record Recorded(Optional<Long> outboxId, Optional<TicketRow> ticket, String detail) {
    }

    public Recorded apply(SqlSession session, Bounce bounce, ParsedMessage message) {
        Instant now = clock.instant();
        Optional<OutboxRow> mail = match(session, bounce, message);
        if (mail.isEmpty()) {
            LOG.warn("stage=bounce: matches no mail of ours, recorded in the inbox only: {}", bounce.summary());
            return new Recorded(Optional.empty(), Optional.empty(), "bounce matching no mail of ours: "
                    + bounce.summary());
        }
        OutboxRow row = mail.get();
        session.getMapper(MailSafetyMapper.class).markBounced(row.id(), now, cut(bounce.summary()));
        Optional<String> failedAddress = failedAddress(bounce, row);
        Optional<Instant> suppressedUntil = Optional.empty();
        if (bounce.hard() && failedAddress.isPresent()) {
            suppressedUntil = Optional.of(now.plus(config.get().limits().hardBounceSuppression()));
            suppress(session, failedAddress.get(), suppressedUntil.get(), cut(bounce.summary()), row.id(), now);
        }
        String detail = row.kind() + " (outbox " + row.id() + ") to " + row.recipients() + ": " + bounce.summary()
                + suppressedUntil.map(u -> "; no automatic mail to " + failedAddress.get() + " until " + u).orElse("");
        Optional<TicketRow> ticket = Optional.ofNullable(row.ticketId())
                .map(id -> session.getMapper(TicketMapper.class).find(id));
        if (ticket.isPresent()) {
            String type = bounce.failed() ? "delivery-failed" : bounce.action().equals("delayed")
                    ? "delivery-delayed" : "mail-returned";
            Events.log(session, ticket.get().id(), now, "postdesk", "mail", type, detail);
            // Our own notice of a bounce is never announced again when it bounces: that would be a loop.
            if (bounce.failed() && !row.kind().equals(TEMPLATE)) {
                tell(session, ticket.get(), row, bounce, failedAddress, suppressedUntil);
            }
        }
        LOG.info("stage=bounce outbox={} ticket={}: {}", row.id(), row.ticketId(), bounce.summary());
        return new Recorded(Optional.of(row.id()), ticket, detail);
    }

    private static Optional<OutboxRow> match(SqlSession session, Bounce bounce, ParsedMessage message) {
        OutboxMapper outbox = session.getMapper(OutboxMapper.class);
        if (bounce.outboxId().isPresent()) {
            return Optional.ofNullable(outbox.find(bounce.outboxId().get()));
        }
        List<String> ids = new java.util.ArrayList<>(bounce.originalMessageIds());
        ids.addAll(message.inReplyTo());
        ids.addAll(message.references());
        for (String id : ids) {
            List<Long> rows = session.getMapper(MailSafetyMapper.class).outboxByMessageId(id);
            if (!rows.isEmpty()) {
                return Optional.ofNullable(outbox.find(rows.get(0)));
            }
        }
        return Optional.empty();
    }

    /**
     * The address that failed, among the mail's own recipients only: a bounce may name an address after
     * forwarding or aliasing that we never wrote to, and no address of ours is suppressed on its word.
     */
    private static Optional<String> failedAddress(Bounce bounce, OutboxRow row) {
        List<String> recipients = Arrays.stream(row.recipients().split(",\\s*")).map(String::strip)
                .filter(r -> !r.isEmpty()).toList();
        if (bounce.recipient().isPresent() && recipients.contains(bounce.recipient().get())) {
            return bounce.recipient();
        }
        return recipients.size() == 1 ? Optional.of(recipients.get(0)) : Optional.empty();
    }

    private static void suppress(SqlSession session, String address, Instant until, String reason, long outboxId,
            Instant now) {
        MailSafetyMapper m = session.getMapper(MailSafetyMapper.class);
        if (m.updateSuppression(address, until, reason, outboxId, now) == 0) {
            m.insertSuppression(address, until, reason, outboxId, now);
        }
    }

    private void tell(SqlSession session, TicketRow ticket, OutboxRow row, Bounce bounce, Optional<String> address,
            Optional<Instant> suppressedUntil) {
        Config conf = config.get();
        Mailbox mailbox = conf.mailbox(EmailAddress.of(ticket.mailbox())).orElse(conf.mailboxes().get(0));
        Map<String, Object> facts = new HashMap<>();
        facts.put("mail", row.kind());
        facts.put("recipient", address.orElse(row.recipients()));
        facts.put("status", bounce.status().orElse("unknown"));
        facts.put("action", bounce.action());
        facts.put("diagnostic", bounce.diagnostic().isEmpty() ? "(none given)" : bounce.diagnostic());
        facts.put("suppressedUntil", suppressedUntil.map(u -> DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(u.atZone(conf.timezone()))).orElse(""));
        notifyAgents.send(session, TEMPLATE, mailbox, ticket, notifyAgents.recipients(ticket), Map.of("bounce", facts));
    }

    private static String cut(String text) {
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }
}
