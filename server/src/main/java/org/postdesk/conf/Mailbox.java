package org.postdesk.conf;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.postdesk.mail.EmailAddress;

/**
 * A support address Postdesk receives mail for.
 *
 * @param address the address customers write to, e.g. {@code support@example.com}
 * @param prefix the ticket id prefix, e.g. {@code SUP} for {@code SUP-1042}; 2 to 10 capitals
 * @param name the display name used on outgoing mail, e.g. {@code Example Support}
 * @param group the agent group that handles this mailbox's tickets
 * @param language the language of the mail this mailbox sends ({@code en}, {@code ru}, {@code pt}…);
 *     empty to follow the customer's language
 * @param imap where to fetch this mailbox's mail over IMAP; absent (null) when mail arrives by SMTP only
 */
public record Mailbox(EmailAddress address, String prefix, String name, String group, String language,
        ImapSettings imap) {

    private static final Pattern PREFIX = Pattern.compile("[A-Z][A-Z0-9]{1,9}");

    public Mailbox {
        Objects.requireNonNull(address, "address is required, e.g. support@example.com");
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix '" + prefix
                    + "' is not valid: use 2 to 10 capital letters or digits, starting with a letter, e.g. SUP");
        }
        name = name == null || name.isBlank() ? address.value() : name.strip();
        group = group == null ? "" : group.strip();
        language = language == null ? "" : language.strip().toLowerCase(Locale.ROOT);
    }

    /** A mailbox that receives by SMTP only. */
    public Mailbox(EmailAddress address, String prefix, String name, String group, String language) {
        this(address, prefix, name, group, language, null);
    }

    public Optional<ImapSettings> imapSettings() {
        return Optional.ofNullable(imap);
    }
}
