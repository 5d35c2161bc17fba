package org.postdesk.imap;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.conf.Config;
import org.postdesk.conf.ImapSettings;
import org.postdesk.conf.Mailbox;
import org.postdesk.mail.EmailAddress;
import org.postdesk.outbound.MailSink;
import org.postdesk.store.OutboxRow;

/**
 * Delivers through another sink, then appends a copy of the mail to the {@code sentFolder} of the mailbox
 * it was sent for, so the provider's webmail shows the whole conversation with customers (notifications
 * to agents are not part of it and are not filed). The copy is best effort: once the mail has gone out,
 * failing to file it must not make delivery send it again, so an append failure is logged and the
 * delivery still counts.
 */
public final class AppendToSent implements MailSink {

    private static final Logger LOG = LoggerFactory.getLogger(AppendToSent.class);

    private final MailSink delivery;
    private final Config config;
    private final List<Mailbox> mailboxes;
    private final Function<String, String> environment;

    private AppendToSent(MailSink delivery, Config config, List<Mailbox> mailboxes,
            Function<String, String> environment) {
        this.delivery = delivery;
        this.config = config;
        this.mailboxes = mailboxes;
        this.environment = environment;
    }

    /** {@code delivery} itself when no mailbox has a {@code sentFolder}, else wrapped. */
    public static MailSink wrap(MailSink delivery, Config config, Map<String, String> environment) {
        List<Mailbox> filing = config.mailboxes().stream()
                .filter(m -> m.imapSettings().map(i -> !i.sentFolder().isEmpty()).orElse(false))
                .toList();
        return filing.isEmpty() ? delivery : new AppendToSent(delivery, config, filing, environment::get);
    }

    @Override
    public void deliver(OutboxRow mail) throws Exception {
        delivery.deliver(mail);
        Optional<ImapSettings> imap = sentFolderOf(mail);
        if (imap.isPresent()) {
            try {
                append(imap.get(), mail);
            } catch (MessagingException | RuntimeException e) {
                LOG.warn("stage=deliver outbox={}: sent, but not filed in {} of {}: {}", mail.id(),
                        imap.get().sentFolder(), imap.get().describe(), e.toString());
            }
        }
    }

    private Optional<ImapSettings> sentFolderOf(OutboxRow mail) {
        EmailAddress from;
        try {
            from = EmailAddress.of(mail.envelopeFrom()).withoutDetail();
            if (Arrays.stream(mail.recipients().split(",\\s*")).map(EmailAddress::of)
                    .allMatch(to -> config.agent(to).isPresent())) {
                return Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return mailboxes.stream().filter(m -> m.address().equals(from)).findFirst().map(Mailbox::imap);
    }

    private void append(ImapSettings imap, OutboxRow mail) throws MessagingException {
        IMAPStore store = ImapConnection.connect(imap, imap.resolvePassword(environment));
        try {
            Folder sent = store.getFolder(imap.sentFolder());
            if (!sent.exists()) {
                throw new MessagingException("folder '" + imap.sentFolder() + "' does not exist on " + imap.host()
                        + "; fix imap.sentFolder; folders there: " + ImapConnection.folderNames(store));
            }
            MimeMessage copy = new MimeMessage(null, new ByteArrayInputStream(mail.raw()));
            copy.setFlag(Flags.Flag.SEEN, true);
            sent.appendMessages(new MimeMessage[] {copy});
            LOG.info("stage=deliver outbox={}: filed in {} of {}", mail.id(), imap.sentFolder(), imap.describe());
        } finally {
            ImapConnection.closeQuietly(store);
        }
    }

    @Override
    public String describe() {
        return delivery.describe() + ", filed in the IMAP sent folder of "
                + mailboxes.stream().map(m -> m.address().value()).toList();
    }

    @Override
    public void close() {
        delivery.close();
    }
}
