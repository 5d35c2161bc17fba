package org.postdesk.mail;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A bare mailbox address ({@code local@domain}), normalised to lower case.
 *
 * <p>Local parts are case-sensitive in theory (RFC 5321 §2.4) but no mail
 * provider a help desk meets treats them so, and customers retype their
 * address in every case imaginable; one customer per address needs one form.
 */
public record EmailAddress(String value) {

    // Deliberately loose: the addresses come from real mail, which breaks
    // RFC 5322 often; what matters is one '@', no spaces, no CR/LF.
    private static final Pattern SHAPE = Pattern.compile("[^@\\s<>\"]+@[^@\\s<>\"]+");

    public EmailAddress {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "'" + value + "' is not an email address; expected local@domain");
        }
        value = value.toLowerCase(Locale.ROOT);
    }

    public static EmailAddress of(String value) {
        return new EmailAddress(value == null ? null : value.trim());
    }

    public String local() {
        return value.substring(0, value.lastIndexOf('@'));
    }

    public String domain() {
        return value.substring(value.lastIndexOf('@') + 1);
    }

    /** The address without a {@code +detail} sub-address: {@code support+x@d} is {@code support@d}. */
    public EmailAddress withoutDetail() {
        int plus = local().indexOf('+');
        return plus < 0 ? this : new EmailAddress(local().substring(0, plus) + "@" + domain());
    }

    /** The {@code +detail} part of the local part, or empty. */
    public String detail() {
        int plus = local().indexOf('+');
        return plus < 0 ? "" : local().substring(plus + 1);
    }

    @Override
    public String toString() {
        return value;
    }
}
