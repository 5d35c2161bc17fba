package org.postdesk.outbound;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.conf.LimitsSettings;
import org.postdesk.conf.LiveConfig;
import org.postdesk.conf.Rate;
import org.postdesk.store.MailSafetyMapper;

/**
 * The limits on automatic mail ({@code limits:} in postdesk.yml): per recipient, per recipient in a day,
 * per ticket, and no automatic mail at all to an address that hard-bounced. Whatever loop the screening
 * misses (a robot that says nothing of being one, two help desks acknowledging each other), this is
 * the bound on it. Counted in the database, in the transaction that queues the mail, so the count is
 * shared by every instance.
 */
public final class LimitAutomaticMail {

    private final LiveConfig config;

    public LimitAutomaticMail(LiveConfig config) {
        this.config = config;
    }

    /** Why a mail to {@code recipients} of {@code ticketId} must not go now; empty when it may. */
    public Optional<String> refusal(SqlSession session, List<String> recipients, Optional<Long> ticketId,
            Instant now) {
        LimitsSettings limits = config.get().limits();
        MailSafetyMapper counts = session.getMapper(MailSafetyMapper.class);
        for (String recipient : recipients) {
            String bounced = counts.suppressed(recipient, now);
            if (bounced != null) {
                return Optional.of(recipient + " hard-bounced (" + bounced + "); no automatic mail to it for "
                        + "limits.hardBounceSuppression " + limits.hardBounceSuppression());
            }
            Optional<String> over = over(counts.automaticTo(recipient, now.minus(limits.perRecipient().window())),
                    limits.perRecipient(), recipient + " got", "limits.perRecipient")
                    .or(() -> over(counts.automaticTo(recipient, now.minus(limits.perRecipientDaily().window())),
                            limits.perRecipientDaily(), recipient + " got", "limits.perRecipientDaily"));
            if (over.isPresent()) {
                return over;
            }
        }
        return ticketId.flatMap(id -> over(counts.automaticOfTicket(id, now.minus(limits.perTicket().window())),
                limits.perTicket(), "the ticket sent", "limits.perTicket"));
    }

    /** Counts a queued automatic mail against the limits of each of its recipients and of its ticket. */
    public void count(SqlSession session, long outboxId, List<String> recipients, Optional<Long> ticketId,
            Instant now) {
        for (String recipient : recipients) {
            session.getMapper(MailSafetyMapper.class).insertAutomatic(outboxId, recipient, ticketId.orElse(null), now);
        }
    }

    private static Optional<String> over(long sent, Rate rate, String who, String key) {
        return sent < rate.count() ? Optional.empty()
                : Optional.of(who + " " + sent + " automatic mails in the last " + rate.toString().replaceFirst(
                        "^\\d+ per ", "") + "; " + key + " allows " + rate);
    }
}
