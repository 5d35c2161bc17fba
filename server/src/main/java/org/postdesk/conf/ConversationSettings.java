package org.postdesk.conf;

import java.util.List;
import java.util.Locale;

/**
 * How mail threads into conversations ({@code conversations:} in postdesk.yml).
 *
 * @param reopenDays a customer reply to a ticket closed at most this many days ago reopens it; a later
 *     reply opens a new ticket linked to the old one (default 14)
 * @param trustedAuthservIds the authserv-ids (RFC 8601) of upstream hosts whose
 *     {@code Authentication-Results} header is believed: a DKIM or DMARC pass there for an agent's
 *     domain proves the mail is the agent's. Empty (the default): such headers prove nothing.
 */
public record ConversationSettings(Integer reopenDays, List<String> trustedAuthservIds) {

    public ConversationSettings {
        reopenDays = reopenDays == null ? 14 : reopenDays;
        if (reopenDays < 0 || reopenDays > 3650) {
            throw new IllegalArgumentException("reopenDays " + reopenDays + " is out of range 0-3650");
        }
        trustedAuthservIds = trustedAuthservIds == null ? List.of()
                : trustedAuthservIds.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
    }

    public static ConversationSettings defaults() {
        return new ConversationSettings(null, null);
    }
}
