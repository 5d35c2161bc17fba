package org.postdesk.mime;

import org.postdesk.mail.EmailAddress;

/** An address with its display name as written in a header ({@code "Анна" <ann@example.ru>}). */
public record NamedAddress(EmailAddress address, String name) {

    public NamedAddress {
        name = name == null ? "" : name.strip();
    }

    @Override
    public String toString() {
        return name.isEmpty() ? address.value() : name + " <" + address.value() + ">";
    }
}
