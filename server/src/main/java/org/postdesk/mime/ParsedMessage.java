package org.postdesk.mime;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link ParseMessage} read from a raw message: decoded headers, the text, attachment references.
 *
 * @param headers every top-level header, name in lower case, values decoded, in order of appearance
 * @param messageId the Message-ID without angle brackets; empty when the message has none
 * @param text the text body: the text/plain part (several, joined, when a multipart/mixed holds more than
 *     one, as Apple Mail writes around an inline attachment), else derived from text/html
 * @param html the HTML body when there was one
 * @param problems what could not be read, for a message that was only partly understood
 * @param contentHash sha256 of the text and the attachments' hashes: equal for a message delivered twice
 */
public record ParsedMessage(Map<String, List<String>> headers, String messageId, List<String> inReplyTo,
        List<String> references, Optional<NamedAddress> from, List<NamedAddress> replyTo, List<NamedAddress> to,
        List<NamedAddress> cc, String subject, Optional<Instant> date, String text, Optional<String> html,
        List<ParsedAttachment> attachments, List<String> problems, String contentHash) {

    public ParsedMessage {
        headers = Map.copyOf(headers);
        inReplyTo = List.copyOf(inReplyTo);
        references = List.copyOf(references);
        replyTo = List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        attachments = List.copyOf(attachments);
        problems = List.copyOf(problems);
    }

    /** What the sender newly wrote: the text without quoted history and signature ({@link VisibleText}). */
    public String visible() {
        return VisibleText.extract(text, html.orElse(null));
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}
