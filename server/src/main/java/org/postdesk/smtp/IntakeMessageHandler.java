package org.postdesk.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;

import org.postdesk.conf.LiveConfig;
import org.postdesk.conf.Mailbox;
import org.postdesk.intake.Envelope;
import org.postdesk.intake.Intake;
import org.postdesk.intake.MessageTooLarge;
import org.postdesk.mail.EmailAddress;
import org.postdesk.pipeline.ProcessQueue;
import org.postdesk.store.StorageUnavailable;

/**
 * One SMTP transaction, kept thin: check recipients, hand the DATA stream to intake, and turn failures
 * into the right reply codes. 250 is said only once intake has committed the message.
 */
final class IntakeMessageHandler implements MessageHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeMessageHandler.class);

    private final LiveConfig config;
    private final Intake intake;
    private final ProcessQueue processing;
    private final ClientLimits limits;
    private final MessageContext context;
    private final List<EmailAddress> recipients = new ArrayList<>();
    private String sender = "";

    IntakeMessageHandler(LiveConfig config, Intake intake, ProcessQueue processing, ClientLimits limits,
            MessageContext context) {
        this.config = config;
        this.intake = intake;
        this.processing = processing;
        this.limits = limits;
        this.context = context;
    }

    @Override
    public void from(String from) throws RejectException {
        if (!limits.allowMessage(context.getRemoteAddress())) {
            LOG.warn("stage=mail session={} client={}: refused, past {} messages a minute", context.getSessionId(),
                    context.getRemoteAddress(), config.get().smtp().maxMessagesPerIpPerMinute());
            throw new RejectException(451, "4.7.1 too many messages from your address: at most "
                    + config.get().smtp().maxMessagesPerIpPerMinute() + " a minute; try again later");
        }
        sender = from == null ? "" : from;
    }

    @Override
    public void recipient(String recipient) throws RejectException {
        if (recipients.size() >= config.get().smtp().maxRecipients()) {
            throw new RejectException(452, "4.5.3 too many recipients: at most " + config.get().smtp().maxRecipients()
                    + " per message; send the rest in another message");
        }
        EmailAddress address;
        try {
            address = EmailAddress.of(recipient);
        } catch (IllegalArgumentException e) {
            throw new RejectException(553, "5.1.3 <" + recipient + ">: bad address syntax");
        }
        if (config.get().mailbox(address).isEmpty()) {
            // Never relay: only our own mailboxes are accepted, whoever asks.
            throw new RejectException(550, "5.1.1 <" + recipient + ">: no such mailbox here; this server"
                    + " accepts mail for its support addresses only and does not relay");
        }
        recipients.add(address);
    }

    @Override
    public String data(InputStream data) throws RejectException, IOException {
        // Accepted at RCPT: a reload removing the mailbox since then must not lose the mail; it is stored
        // under the address it was accepted for, and processing says what became of it.
        EmailAddress mailbox = config.get().mailbox(recipients.get(0)).map(Mailbox::address)
                .orElse(recipients.get(0).withoutDetail());
        String auth = context.getAuthenticationHandler().map(h -> h.getIdentity())
                .map(String::valueOf).orElse("");
        Envelope envelope = new Envelope("smtp", mailbox, sender, recipients, auth,
                String.valueOf(context.getRemoteAddress()));
        long inboxId;
        try {
            inboxId = intake.accept(envelope, data);
        } catch (MessageTooLarge e) {
            throw new RejectException(552, "5.3.4 message too big: the limit is " + e.limit() + " bytes");
        } catch (StorageUnavailable e) {
            LOG.error("stage=intake session={} from=<{}>: answered 451, sender will retry: {}",
                    context.getSessionId(), sender, e.getMessage());
            throw new RejectException(451, "4.3.0 cannot store the message right now; please try again later");
        }
        LOG.debug("session={} stored inbox {}", context.getSessionId(), inboxId);
        // Stored: from here on a failure is ours to retry, never the sender's problem. Processing runs after
        // the 250, in the envelope sender's lane.
        processing.submit(inboxId, sender);
        return null;
    }

    @Override
    public void done() {
        // nothing held between transactions
    }
}
