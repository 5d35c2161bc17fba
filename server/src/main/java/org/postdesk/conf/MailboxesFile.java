package org.postdesk.conf;

import java.util.List;

/** The contents of {@code conf/mailboxes.yml}. */
record MailboxesFile(List<Mailbox> mailboxes) {

    MailboxesFile {
        mailboxes = mailboxes == null ? List.of() : List.copyOf(mailboxes);
    }
}
